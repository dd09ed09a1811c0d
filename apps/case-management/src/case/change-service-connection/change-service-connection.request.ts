import { IsIn } from 'class-validator';
import { SERVICE_CONNECTION_STATUSES, type ServiceConnectionStatus } from '../case-vocabulary.js';

/** `POST /v1/cases/:caseId/service-connections/:connectionId/status`: the connection's new closed-loop status. */
export class ChangeServiceConnectionRequest {
  @IsIn(SERVICE_CONNECTION_STATUSES)
  status!: ServiceConnectionStatus;
}
