import { createHmac } from 'node:crypto';

/**
 * The participant as an export names them: HMAC-SHA-256 of the participant id under the deployment's export key,
 * bound to the recipient agency, so one evaluator's files link to each other and never to another recipient's, and
 * no one without the key can go back to the id.
 */
export function participantPseudonym(key: Buffer, recipientAgency: string, participantId: string): string {
  return createHmac('sha256', key)
    .update(`lead-evaluator-export/v1\u0000${recipientAgency}\u0000${participantId.toLowerCase()}`)
    .digest('base64url');
}
