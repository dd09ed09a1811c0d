import {
  consentDecision,
  type Consent,
  type ConsentExpiry,
  type ConsentRefusal,
  type DisclosureScope,
} from './consent.js';
import { deidentify } from './deidentify.js';
import type { DisclosureView } from './disclosure-view.js';
import type { DeidentifiedParticipant, ParticipantRecord, ParticipationStatusView } from './participant-record.js';
import { REDISCLOSURE_NOTICE } from './redisclosure-notice.js';

/** Who receives a disclosure: the agency the caller acts for (consent names agencies, not people). */
export interface Audience {
  agency: string;
}

/** The consent behind a disclosure, as 42 CFR 2.32(b) asks it to be explained to the recipient. */
export interface ConsentSummary {
  consentId: string;
  recipient: string;
  scope: readonly DisclosureScope[];
  purpose: string;
  expiry: ConsentExpiry;
}

const DISCLOSURE = Symbol('Disclosure');

interface DisclosureBase {
  readonly [DISCLOSURE]: true;
  participantId: string;
  jurisdiction: string;
  view: DisclosureView;
}

export type Disclosure =
  | (DisclosureBase & { outcome: 'disclosed'; view: 'full'; body: ParticipantRecord })
  | (DisclosureBase & {
      outcome: 'disclosed';
      view: 'participation-status';
      body: ParticipationStatusView;
      consent: ConsentSummary;
      notice: typeof REDISCLOSURE_NOTICE;
    })
  | (DisclosureBase & { outcome: 'disclosed'; view: 'de-identified'; body: DeidentifiedParticipant })
  | (DisclosureBase & { outcome: 'withheld'; reason: ConsentRefusal });

export interface DiscloseInput {
  record: ParticipantRecord;
  view: DisclosureView;
  audience: Audience;
  /** The participant's current consent, if any. */
  consent: Consent | undefined;
  now: Date;
  /** Keys evaluator pseudonyms (`DEIDENTIFICATION_KEY`). */
  pseudonymKey: Buffer;
}

/**
 * The Golden Rule as a function: what `audience` may see of `record` through `view`, now.
 * Pure: everything it depends on is an argument, so every case is a unit test.
 *
 * - `full` (treating program): the record as it is.
 * - `participation-status` (police, prosecutors): only the four status flags, and only while the
 *   participant's consent covers the audience's agency — unexpired, not revoked for it — with the
 *   §2.32 notice and the consent's scope attached. Otherwise withheld (the caller is told 404: even
 *   the fact of participation is protected).
 * - `de-identified` (evaluators): the safe harbor projection.
 */
export function disclose(input: DiscloseInput): Disclosure {
  const { record, view } = input;
  const base = {
    [DISCLOSURE]: true as const,
    participantId: record.participantId,
    jurisdiction: record.jurisdiction,
    view,
  };
  switch (view) {
    case 'full':
      return { ...base, view, outcome: 'disclosed', body: record };
    case 'de-identified':
      return { ...base, view, outcome: 'disclosed', body: deidentify(record, input.pseudonymKey, input.now) };
    case 'participation-status': {
      const decision = consentDecision(input.consent, {
        participantId: record.participantId,
        recipient: input.audience.agency,
        scope: 'participation-status',
        now: input.now,
      });
      if (!decision.permitted) return { ...base, view, outcome: 'withheld', reason: decision.reason };
      const { status } = record;
      return {
        ...base,
        view,
        outcome: 'disclosed',
        body: {
          participantId: record.participantId,
          status: {
            enrolled: status.enrolled,
            engaged: status.engaged,
            intakeCompletedByDeadline: status.intakeCompletedByDeadline,
            exited: status.exited,
          },
        },
        consent: {
          consentId: decision.consent.consentId,
          recipient: input.audience.agency,
          scope: decision.consent.scope,
          purpose: decision.consent.purpose,
          expiry: decision.consent.expiry,
        },
        notice: REDISCLOSURE_NOTICE,
      };
    }
  }
}

export function isDisclosure(value: unknown): value is Disclosure {
  return typeof value === 'object' && value !== null && (value as Partial<DisclosureBase>)[DISCLOSURE] === true;
}
