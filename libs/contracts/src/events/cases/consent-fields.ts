import { arrayOf } from '../../schema/schema-builders.js';
import { agencyCode } from '../shared-fields.js';

/** The agencies a consent names, or a revocation withdraws: a set of configured agency codes, never empty. */
export const consentRecipients = (description: string) =>
  arrayOf(agencyCode('A recipient agency'), description, { minItems: 1, unique: true });
