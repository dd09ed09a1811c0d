import { IsInstant, IsNotInFuture } from '@lead/platform';
import { IsOptional, IsString } from 'class-validator';

/** `POST /v1/cases/:caseId/reenrollment`: an exited participant comes back to services, on the same case. */
export class ReenrollRequest {
  /** When; now when absent. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  reenrolledAt?: string;
}
