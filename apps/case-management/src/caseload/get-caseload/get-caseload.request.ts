import { STAFF_ID } from '@lead/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Matches, Max, Min } from 'class-validator';

/** Query of `GET /v1/caseload`. Unknown parameters are refused (400), like unknown body fields. */
export class GetCaseloadRequest {
  /** A supervisor: one case manager's cases (a case manager sees only their own whatever they pass). */
  @ApiPropertyOptional({ example: 'arts-cm-7', description: "A case manager's staff id" })
  @IsOptional()
  @IsString()
  @Matches(STAFF_ID, { message: '$property must be a staff id' })
  caseManager?: string;

  /** A supervisor: the cases nobody is assigned yet. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: '$property must be true or false' })
  unassigned?: boolean;

  /** Rows per page (default 200, at most 500), the oldest opened first. */
  @ApiPropertyOptional({ example: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** The page after the case named: the previous page's `next`. */
  @ApiPropertyOptional({ example: '0d7c5a4e-1b2f-5c3d-9e8f-7a6b5c4d3e2f' })
  @IsOptional()
  @IsUUID()
  after?: string;
}
