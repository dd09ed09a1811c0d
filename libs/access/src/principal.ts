import type { Role } from './roles.js';

/** Who is calling, as the verified bearer token says. Nothing here comes from a request body. */
export interface Principal {
  /** The token's `sub`: a stable id of the person or system. */
  subject: string;
  /** The agency the caller acts for, e.g. `DPD` (police), `DDA` (district attorney), a provider's code. */
  agency: string;
  /** The LEAD roles the token grants; roles this backend does not know are dropped. */
  roles: Role[];
  /** Jurisdictions whose records the caller may see, e.g. `denver`. */
  jurisdictions: string[];
  /** When the token stops being accepted. */
  expiresAt: Date;
  /** The token's `jti`, when it has one (correlates audit entries with the identity provider's log). */
  tokenId?: string;
}
