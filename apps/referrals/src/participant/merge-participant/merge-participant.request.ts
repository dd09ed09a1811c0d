import { REASON_CODE } from '@lead/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches } from 'class-validator';

/** `POST /v1/participants/:participantId/merge`: this participant record is the same person as `into`. */
export class MergeParticipantRequest {
  /** The surviving record, in the same jurisdiction. */
  @IsUUID()
  into!: string;

  /** Why, as a code (never free text): e.g. `name_misspelt`, `date_of_birth_typo`. */
  @ApiProperty({ example: 'name_misspelt' })
  @IsString()
  @Matches(REASON_CODE, {
    message: '$property must be a code of lower-case letters, digits and _ (2 to 64 characters)',
  })
  reasonCode!: string;
}
