import { defineEventContract, type ContractData } from '../../event-contract.js';
import { choice, dateTime, object, optional, staffId } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { agencyCode, districtCode, offenseCode, protocolVersion, referralId } from '../shared-fields.js';

export const referralRecordedV1 = defineEventContract({
  type: 'lead.referral.recorded',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'An officer (or, where the jurisdiction allows, a community partner) referred a person to LEAD.',
  description:
    'Emitted for every referral, including those later found ineligible or declined, so that referral counts by ' +
    'door, district and referrer are complete. The person is named only by the envelope’s pseudonymous ' +
    'participant id; identity and the probable-cause narrative stay encrypted in the referrals service.',
  data: object({
    referralId: referralId(),
    door: choice(['arrest_diversion', 'social_contact', 'community'], 'How the person came to LEAD.'),
    district: districtCode(),
    referredBy: object(
      {
        agency: agencyCode('The referring agency'),
        staffId: staffId('The referring officer or partner staff member: the opaque subject of their token.'),
      },
      'Who made the referral.',
    ),
    referredAt: dateTime('When the referral was made in the field.'),
    offenseCode: optional(offenseCode('Arrest diversion only: the offense the person would have been booked for')),
    protocolVersion: protocolVersion(),
  }),
});

export type ReferralRecordedV1 = ContractData<typeof referralRecordedV1>;
