import { defineEventContract, type ContractData } from '../../event-contract.js';
import { code, dateTime, object, uuid } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';

export const participantMergedV1 = defineEventContract({
  type: 'lead.participant.merged',
  version: 1,
  topic: TOPICS.referrals,
  summary:
    'Two participant records turned out to be one person; the envelope’s participant id now counts as `mergedInto`.',
  description:
    'A program administrator’s decision, when matching missed a spelling. Read models re-attribute everything ' +
    'recorded under the envelope’s participant id to `mergedInto`; re-arrest and outcome figures otherwise count ' +
    'one person twice. Neither record’s identity travels.',
  data: object({
    mergedInto: uuid('The surviving pseudonymous participant id.'),
    reasonCode: code('Why the records were merged, as a configured code (e.g. `same_person_confirmed`).'),
    mergedAt: dateTime('When the merge was decided.'),
  }),
});

export type ParticipantMergedV1 = ContractData<typeof participantMergedV1>;
