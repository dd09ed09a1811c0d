import { IsInstant, IsNotInFuture } from '@lead/platform';
import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/**
 * `POST /v1/participants/:participantId/termination`: a prosecutor office terminates the participant on one of the
 * criteria the District Attorney adopted (the protocol version's `terminationCriteria`), named by its code.
 */
export class DecideTerminationRequest {
  /** A code of the protocol version in force's criteria; 422 `criterion_not_adopted` otherwise. */
  @ApiProperty({ example: 'new_violent_felony' })
  @IsString()
  @Length(1, 64)
  criterionCode!: string;

  /** When the office decided, if not now (the server's clock). Not in the future. */
  @IsOptional()
  @IsString()
  @IsInstant()
  @IsNotInFuture()
  decidedAt?: string;
}
