import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { EXIT_REASONS, type ExitReason } from '../case-vocabulary.js';
import { HMIS_DESTINATION_CODES, type HmisDestination } from '../exit-destination.js';

/** `POST /v1/cases/:caseId/exit`: the participant leaves services. Inactivity is never a reason. */
export class ExitCaseRequest {
  @IsIn(EXIT_REASONS)
  reason!: ExitReason;

  /** When; now when absent. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  exitedAt?: string;

  /** HMIS 3.12 Destination code; fixed by the reason for `deceased` and `incarcerated`; sealed. */
  @IsOptional()
  @IsIn(HMIS_DESTINATION_CODES)
  destination?: HmisDestination;
}
