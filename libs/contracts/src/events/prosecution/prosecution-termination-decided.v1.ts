import { defineEventContract, type ContractData } from '../../event-contract.js';
import { code, dateTime, object, staffId } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, protocolVersion } from '../shared-fields.js';

export const prosecutionTerminationDecidedV1 = defineEventContract({
  type: 'lead.prosecution.termination-decided',
  version: 1,
  topic: TOPICS.prosecution,
  summary: 'A prosecutor office terminated a participant on a criterion the District Attorney adopted.',
  description:
    'Only where the protocol version lists termination criteria (San Luis Valley: "pre-determined criteria at the ' +
    'discretion of the District Attorney’s Office"); the criterion is one of their codes, never a sentence. Case ' +
    'management (consumer group `lead.case-management.prosecution`) exits the participant’s case with reason ' +
    '`terminated_by_prosecutor_criteria` where its program allows it. The criteria are the prosecutor’s, not the ' +
    'program’s: LEAD itself never sanctions drug use or inactivity.',
  data: object({
    criterionCode: code('The criterion applied: a code of the protocol version’s `terminationCriteria`.'),
    protocolVersion: protocolVersion(),
    decidedBy: object(
      {
        agency: agencyCode('The deciding prosecutor’s office'),
        staffId: staffId('The deciding prosecutor: the opaque subject of their token.'),
      },
      'Who decided: the decision is attributed to one prosecutor.',
    ),
    decidedAt: dateTime('When the prosecutor decided.'),
  }),
});

export type ProsecutionTerminationDecidedV1 = ContractData<typeof prosecutionTerminationDecidedV1>;
