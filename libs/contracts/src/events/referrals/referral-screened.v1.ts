import { defineEventContract, type ContractData } from '../../event-contract.js';
import { arrayOf, choice, object } from '../../schema/schema-builders.js';
import { TOPICS } from '../../topics.js';
import { protocolVersion, referralId } from '../shared-fields.js';

export const referralScreenedV1 = defineEventContract({
  type: 'lead.referral.screened',
  version: 1,
  topic: TOPICS.referrals,
  summary: 'The referral was screened against the protocol version in force: eligible or ineligible.',
  description:
    'Carries every criterion as applied, including those that passed and those this protocol version does not ' +
    'use, so an evaluator can see why without the answers themselves (age, quantities, history stay in the ' +
    'referrals service). A prosecutor’s later decision is a separate event ' +
    '(`lead.referral.prosecutor-eligibility-decided`).',
  data: object({
    referralId: referralId(),
    protocolVersion: protocolVersion(),
    outcome: choice(['eligible', 'ineligible'], 'Eligible when no applied criterion excludes the person.'),
    criteria: arrayOf(
      object({
        criterion: choice(
          [
            'divertible_offense',
            'drug_quantity',
            'delivery_for_profit',
            'exploiting_minors',
            'promoting_prostitution',
            'minimum_age',
            'violent_history',
            'active_protective_order',
            'pending_treatment_court_case',
            'amenability',
          ],
          'The screening criterion (DOMAIN.md, eligibility).',
        ),
        outcome: choice(
          ['pass', 'exclude', 'not_applied'],
          '`exclude`: this criterion makes the person ineligible; `not_applied`: the protocol version does not use it.',
        ),
      }),
      'Every criterion, once each.',
      { minItems: 1, maxItems: 32 },
    ),
  }),
});

export type ReferralScreenedV1 = ContractData<typeof referralScreenedV1>;
