import { ReferralFilterRequest } from '../referral-filter.request.js';

/** Query of `GET /v1/referrals/counts`. Unknown parameters are refused (400). */
export class CountReferralsRequest extends ReferralFilterRequest {}
