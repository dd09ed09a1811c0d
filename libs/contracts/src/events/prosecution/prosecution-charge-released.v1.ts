import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, date, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { matterId } from '../shared-fields.js';

export const prosecutionChargeReleasedV1 = defineEventContract({
  type: 'lead.prosecution.charge-released',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'The held charge was released for ordinary processing.',
  description:
    'The hold ends without a decline: the prosecutor then decides to file or not as for any other case ' +
    '(`lead.prosecution.charge-filed` if filed).',
  data: object({
    matterId: matterId(),
    reason: choice(
      ['intake_deadline_passed', 'referral_closed', 'prosecutor_decision'],
      '`intake_deadline_passed`: no intake by the deadline; `referral_closed`: declined, ineligible or not agreed.',
    ),
    releasedOn: date('The day the hold ended.'),
  }),
});

export type ProsecutionChargeReleasedV1 = ContractData<typeof prosecutionChargeReleasedV1>;
