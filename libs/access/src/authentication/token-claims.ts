import { AGENCY_ID, isJurisdictionId, STAFF_ID } from '@lead/contracts';
import type { JWTPayload } from 'jose';
import type { Principal } from '../principal.js';
import { isRole } from '../roles.js';
import { AuthenticationFailed } from './authentication-failed.js';

/**
 * The subject, the agency and the jurisdictions land in every event this caller causes and in published events,
 * so they have the shapes the contracts publish (libs/contracts identifiers): a staff id (never an e-mail address
 * or a name, personal data of staff), an agency id, jurisdiction ids. A token the contracts could not carry is
 * refused as invalid, before anything it asks for is stored and then cannot be published.
 */
const SUBJECT = STAFF_ID;
const AGENCY = AGENCY_ID;
const MAX_LIST = 50;

/**
 * Turns verified claims into a `Principal`, refusing any claim of the wrong shape: a token whose
 * claims we cannot read exactly must not be half-trusted. Roles this backend does not know are
 * dropped (an identity provider may grant roles of other systems in the same claim).
 */
export function principalFromClaims(payload: JWTPayload): Principal {
  const { sub, agency, roles, jurisdictions, exp, jti } = payload as JWTPayload & Record<string, unknown>;
  const valid =
    typeof sub === 'string' &&
    SUBJECT.test(sub) &&
    typeof agency === 'string' &&
    AGENCY.test(agency) &&
    Array.isArray(roles) &&
    roles.length <= MAX_LIST &&
    roles.every((role) => typeof role === 'string') &&
    Array.isArray(jurisdictions) &&
    jurisdictions.length <= MAX_LIST &&
    jurisdictions.every(isJurisdictionId) &&
    typeof exp === 'number' &&
    (jti === undefined || (typeof jti === 'string' && jti.length <= 256));
  if (!valid)
    throw new AuthenticationFailed('claims-invalid', typeof sub === 'string' && SUBJECT.test(sub) ? sub : undefined);
  return {
    subject: sub,
    agency,
    roles: [...new Set((roles as string[]).filter(isRole))],
    jurisdictions: [...new Set(jurisdictions as string[])],
    expiresAt: new Date(exp * 1000),
    ...(typeof jti === 'string' ? { tokenId: jti } : {}),
  };
}
