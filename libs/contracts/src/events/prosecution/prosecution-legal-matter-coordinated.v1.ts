import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';

/**
 * Not a version of `lead.prosecution.new-charge-coordinated`: that type (never emitted) names a prosecution matter
 * (a diverted arrest), which a participant's later charge, older case or warrant does not have, and records how the
 * matter was resolved, where this says that it is open and needs planning around. An upcaster from it would have to
 * invent a status, so this is a type of its own.
 */
export const prosecutionLegalMatterCoordinatedV1 = defineEventContract({
  type: 'lead.prosecution.legal-matter-coordinated',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The liaison prosecutor chose to coordinate a participant’s legal matter with the intervention plan.',
  description:
    'Tells case management (consumer group `lead.case-management.prosecution`) that a new arrest, new charge, ' +
    'pre-existing case or warrant of the participant needs planning around. Only the kind and the day travel: no ' +
    'offense, no narrative, no court case number (court records are public and would identify the person), ' +
    'nothing an informant said. Information received through LEAD care coordination may not be used for enforcement.',
  data: object({
    legalMatterId: uuid('The legal matter, as the prosecution service recorded it.'),
    kind: choice(['new_arrest', 'new_charge', 'pre_existing_case', 'warrant'], 'What kind of legal matter it is.'),
    status: choice(['coordinate'], '`coordinate`: the liaison coordinates it with the intervention plan.'),
    since: date('The day the liaison decided to coordinate it (the jurisdiction’s local day).'),
  }),
});

export type ProsecutionLegalMatterCoordinatedV1 = ContractData<typeof prosecutionLegalMatterCoordinatedV1>;
