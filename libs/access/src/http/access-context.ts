import { StreamNotFound, type Actor } from '@lead/event-store';
import type { Consent } from '../disclosure/consent.js';
import { disclose, type Disclosure } from '../disclosure/disclose.js';
import type { DisclosureView } from '../disclosure/disclosure-view.js';
import type { ParticipantRecord } from '../disclosure/participant-record.js';
import type { RoutePolicy } from '../policy/access-policy.js';
import type { PurposeOfUse } from '../policy/purpose-of-use.js';
import type { RouteKey } from '../policy/route-key.js';
import type { Principal } from '../principal.js';
import type { Role } from '../roles.js';
import { notVisible } from './access-problems.js';

/** The parts of a record that decide who may see it. */
export interface ScopedRecord {
  jurisdiction: string;
  /** The agency that owns the record (for `own-agency` routes). */
  agency?: string;
  /** The person the record belongs to (for `self` routes). */
  subject?: string;
}

/**
 * Everything the guard established about one request: who is calling, through which route and
 * role, for what purpose, and which projection they get. Handlers receive it with `@Caller()` and
 * use it to scope queries and to disclose records; they never read the token themselves.
 */
export class AccessContext {
  constructor(
    readonly principal: Principal,
    readonly route: RouteKey,
    readonly policy: RoutePolicy,
    /** The role this request acts in: an allowed role of the caller (the most restrictive view wins). */
    readonly role: Role,
    /** The projection of participant records this caller gets on this route (audited routes). */
    readonly view: DisclosureView | undefined,
    readonly purpose: PurposeOfUse | undefined,
    private readonly pseudonymKey: Buffer,
    private readonly now: () => Date,
  ) {}

  /** For event metadata: who caused the events this request appends. */
  get actor(): Actor {
    return { subject: this.principal.subject, agency: this.principal.agency, role: this.role };
  }

  /** Every query filters by these. */
  get jurisdictions(): readonly string[] {
    return this.principal.jurisdictions;
  }

  /** Whether the route's scope lets this caller see `record`. */
  canSee(record: ScopedRecord): boolean {
    switch (this.policy.scope) {
      case 'public':
        return true;
      case 'self':
        return record.subject === this.principal.subject;
      case 'own-agency':
        return this.principal.jurisdictions.includes(record.jurisdiction) && record.agency === this.principal.agency;
      case 'jurisdiction':
      case 'jurisdiction-filtered':
        return this.principal.jurisdictions.includes(record.jurisdiction);
    }
  }

  /** Passes a visible record through; a missing or invisible one answers 404, the two indistinguishable. */
  visible<T extends ScopedRecord>(record: T | undefined): T {
    // Both answer the same; only the invisible one is a probe worth counting in the access audit.
    if (record === undefined) throw new StreamNotFound('(no such record)');
    if (!this.canSee(record)) notVisible();
    return record;
  }

  /** For writes naming a jurisdiction: one the caller does not belong to is answered as if it did not exist. */
  assertJurisdiction(jurisdiction: string): void {
    if (!this.principal.jurisdictions.includes(jurisdiction)) notVisible();
  }

  /**
   * The caller's projection of a participant record; return it from a `@ParticipantRead()` handler. `at`: the
   * instant the service reads the record at, when it keeps a clock of its own (the consent is judged at it, as the
   * service judged the record's status); else the request's.
   */
  disclose(record: ParticipantRecord, consent: Consent | undefined, at?: Date): Disclosure {
    if (this.view === undefined)
      throw new Error(`${this.route} is not an audited route: it cannot disclose participant records`);
    return disclose({
      record,
      view: this.view,
      audience: { agency: this.principal.agency },
      consent,
      now: at ?? this.now(),
      pseudonymKey: this.pseudonymKey,
    });
  }
}
