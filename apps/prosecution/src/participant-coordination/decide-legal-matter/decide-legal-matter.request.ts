import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsDay } from '../past-day.js';
import { LIAISON_DECISIONS, type LiaisonDecision } from '../participant-coordination.events.js';

/**
 * `POST /v1/participants/:participantId/legal-matters/:legalMatterId/decision`: the liaison prosecutor declines,
 * files, coordinates the matter with the plan, or defers it until a day. The liaison is the caller (from the
 * token); the reason is a code, never free text.
 */
export class DecideLegalMatterRequest {
  @IsIn(LIAISON_DECISIONS)
  decision!: LiaisonDecision;

  /** Why, as a code (`plan_addresses_conduct`, `awaiting_treatment_start`); 422 `reason_code_invalid` otherwise. */
  @ApiProperty({ example: 'plan_addresses_conduct' })
  @IsString()
  @Length(1, 64)
  reasonCode!: string;

  /** Defer only: the day the matter comes back for a decision (a day after today, the jurisdiction's local day). */
  @ApiProperty({ example: '2027-02-01', required: false })
  @IsOptional()
  @IsDay()
  deferUntil?: string;

  /** When the liaison decided, if not now (the server's clock). Not in the future, not before the recording. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  decidedAt?: string;
}
