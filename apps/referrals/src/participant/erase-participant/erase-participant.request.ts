import { REASON_CODE } from '@lead/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** `POST /v1/participants/:participantId/erasure`: erase this person (every record of them). */
export class EraseParticipantRequest {
  /**
   * Why, as a code (never free text, never the person's name or birth date): e.g. `court_order`,
   * `statutory_right`, `expungement`. Recorded with the erasure.
   */
  @ApiProperty({ example: 'court_order' })
  @IsString()
  @Matches(REASON_CODE, {
    message: '$property must be a code of lower-case letters, digits and _ (2 to 64 characters)',
  })
  reasonCode!: string;
}
