import type { JWTPayload } from 'jose';
import type { Principal } from '../principal.js';
import { isRole } from '../roles.js';
import { AuthenticationFailed } from './authentication-failed.js';

/**
 * An opaque staff id, the same shape the contracts publish as `staffId`: the subject lands in every event this
 * caller causes and in published events, so an e-mail address or a name (personal data of staff) never may.
 */
const SUBJECT = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const AGENCY = /^[A-Za-z0-9._-]{1,64}$/;
export const JURISDICTION_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
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
    jurisdictions.every((jurisdiction) => typeof jurisdiction === 'string' && JURISDICTION_ID.test(jurisdiction)) &&
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
