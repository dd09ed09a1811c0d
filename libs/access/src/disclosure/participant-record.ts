import type { Erased } from '@lead/crypto';

/** A personal value, or the marker it reads as after the participant's data was erased (crypto-shredded). */
export type Personal<T> = T | Erased;

/**
 * What police and prosecutors may learn, under consent: the participant's standing in the program,
 * in general terms. Nothing here is clinical, and nothing could ground enforcement.
 */
export interface ParticipationStatus {
  enrolled: boolean;
  /** In contact with case management recently, as the program defines it. */
  engaged: boolean;
  /** Whether intake was completed within the jurisdiction's deadline; null while that is still open. */
  intakeCompletedByDeadline: boolean | null;
  exited: boolean;
}

/**
 * A participant's record as services hand it to `disclose()`: the canonical shape every audience's
 * projection is cut from. Services map their own read models into it.
 */
export interface ParticipantRecord {
  participantId: string;
  jurisdiction: string;
  /** Agency that recorded the participant (referring police department, provider). */
  agency?: string;
  /** Null where the service holding the record has not learnt it yet (case management learns it at intake). */
  identity: {
    name: Personal<string> | null;
    /** ISO date, `YYYY-MM-DD`. */
    dateOfBirth: Personal<string> | null;
    address?: Personal<{ line1: string; city: string; state?: string; postalCode?: string }>;
    phone?: Personal<string>;
    email?: Personal<string>;
  };
  demographics?: { race?: string; ethnicity?: string; gender?: string };
  /** Police district or program area: the coarse geography evaluators may see. */
  district?: string;
  status: ParticipationStatus;
  /** ISO dates of the participant's milestones. */
  milestones?: { referredOn?: string; enrolledOn?: string; exitedOn?: string };
  /** Substance use, mental health, health: the treating program's view only, ever. */
  clinical?: Record<string, unknown>;
  /** Free text (contact notes, plan narrative): the treating program's view only, ever. */
  notes?: readonly string[];
}

/** The police / prosecutor projection. Built field by field (an allow-list), never by deleting fields. */
export interface ParticipationStatusView {
  participantId: string;
  status: ParticipationStatus;
}

/**
 * The evaluator projection (HIPAA safe harbor): a keyed pseudonym instead of the id, no name, address,
 * phone or email, dates reduced to years, birth years of people 90 or older withheld.
 */
export interface DeidentifiedParticipant {
  pseudonym: string;
  /** Null when unknown, erased, or the participant is 90 or older (then `ninetyOrOlder`). */
  yearOfBirth: number | null;
  ninetyOrOlder: boolean;
  race: string | null;
  ethnicity: string | null;
  gender: string | null;
  jurisdiction: string;
  district: string | null;
  status: ParticipationStatus;
  referredYear: number | null;
  enrolledYear: number | null;
  exitedYear: number | null;
}
