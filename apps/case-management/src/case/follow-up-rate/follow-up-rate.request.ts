import { CaseFilterRequest } from '../count-cases/count-cases.request.js';

/** Query of `GET /v1/cases/follow-up-rate`. Unknown parameters are refused (400). */
export class FollowUpRateRequest extends CaseFilterRequest {}
