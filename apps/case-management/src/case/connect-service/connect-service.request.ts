import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { SERVICE_TYPES, type ServiceType } from '../case-vocabulary.js';

/** `POST /v1/cases/:caseId/service-connections`: the participant is referred to a service. */
export class ConnectServiceRequest {
  @IsIn(SERVICE_TYPES)
  serviceType!: ServiceType;

  /** Who provides the service; sealed (with the type, a provider's name can tell which treatment). */
  @ApiProperty({ example: 'Denver Health Outpatient Behavioral Health' })
  @IsString()
  @Length(1, 200)
  provider!: string;
}
