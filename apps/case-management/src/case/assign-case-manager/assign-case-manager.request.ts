import { STAFF_ID } from '@lead/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

/** `POST /v1/cases/:caseId/case-manager`: the case goes to one of the provider's case managers. */
export class AssignCaseManagerRequest {
  /** The case manager's staff id (the subject of their token); they belong to the caller's provider agency. */
  @ApiProperty({ example: 'arts-cm-7' })
  @IsString()
  @Matches(STAFF_ID, { message: '$property must be a staff id' })
  caseManager!: string;
}
