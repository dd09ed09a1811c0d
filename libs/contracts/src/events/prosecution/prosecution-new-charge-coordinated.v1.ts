import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object, optional, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId, offenseCode } from '../shared-fields.js';

export const prosecutionNewChargeCoordinatedV1 = defineEventContract({
  type: 'lead.prosecution.new-charge-coordinated',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The liaison prosecutor coordinated a participant’s new charge, older case or warrant with the plan.',
  description:
    'Information received through LEAD care coordination may not be used for enforcement; this event records only ' +
    'the kind of matter and how it was resolved.',
  data: object({
    matterId: matterId(),
    coordinationId: uuid('This coordination, one per new charge, case or warrant.'),
    matterKind: choice(['new_charge', 'pre_existing_case', 'warrant'], 'What was coordinated.'),
    offenseCode: optional(offenseCode('For a new charge or case, where catalogued')),
    resolution: choice(
      ['held_pending_plan', 'declined', 'dismissed', 'filed', 'warrant_quashed', 'ordinary_processing'],
      'How the matter was resolved with the intervention plan.',
    ),
    coordinatedOn: date('The day of the resolution.'),
  }),
});

export type ProsecutionNewChargeCoordinatedV1 = ContractData<typeof prosecutionNewChargeCoordinatedV1>;
