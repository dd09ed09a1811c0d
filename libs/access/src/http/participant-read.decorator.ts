import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { ParticipantReadInterceptor } from './participant-read.interceptor.js';

export const PARTICIPANT_READ = 'lead:participant-read';

/**
 * Marks a handler that answers participant data. Its result must be what `AccessContext.disclose()`
 * returned (one, or an array for lists): each is recorded in the access audit before the response
 * is sent, withheld ones answer 404 (or are left out of a list), and police / prosecutor disclosures
 * carry the §2.32 notice. The app refuses to start when this marker and the policy's `audited`
 * disagree, so a route cannot return participant data without being audited.
 */
export function ParticipantRead(): MethodDecorator {
  return applyDecorators(SetMetadata(PARTICIPANT_READ, true), UseInterceptors(ParticipantReadInterceptor));
}
