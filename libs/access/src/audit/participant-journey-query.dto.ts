import { IsInstant } from '@lead/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** Query of `GET /v1/audit/participants/:participantId/journey`. */
export class ParticipantJourneyQueryDto {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'The journey as it was recorded at this instant: later events (corrections among them) left out',
  })
  @IsOptional()
  @IsInstant()
  asOf?: string;
}
