import type { IntegrationEvent } from '@lead/contracts';

/**
 * The version of this mapping. Raise it with any change to what a fact holds (a new shape, a new column's meaning):
 * a service that starts with a facts table of another version rebuilds it from the log, beside the live one.
 */
export const PROGRAM_FACTS_VERSION = 1;

/** A row of `program_facts` (see ProgramFact), as the projection computes it from one event. */
export interface ProgramFactRow {
  eventId: string;
  type: string;
  jurisdiction: string;
  participantId: string;
  referralId: string | null;
  caseId: string | null;
  matterId: string | null;
  occurredOn: string;
  occurredAt: string | null;
  recordedAt: string;
  district: string | null;
  outcome: string | null;
  minutes: number | null;
  attrs: Record<string, unknown>;
}

/** The local day of an instant in the event's jurisdiction (the projection is given it; it holds no calendar). */
export type LocalDayOf = (jurisdiction: string, instant: string) => string;

type Data = Record<string, unknown>;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** What each type contributes beyond the envelope: its ids, its moment, and the one code reports count it by. */
interface Shape {
  /** The instant it happened, if the event has one; else `day` gives its local day. */
  at?: (d: Data) => unknown;
  day?: (d: Data) => unknown;
  outcome?: (d: Data) => unknown;
  minutes?: (d: Data) => unknown;
  district?: (d: Data) => unknown;
}

const SHAPES: Record<string, Shape> = {
  'lead.referral.recorded': { at: (d) => d.referredAt, outcome: (d) => d.door, district: (d) => d.district },
  'lead.referral.screened': { outcome: (d) => d.outcome },
  'lead.referral.prosecutor-eligibility-decided': { at: (d) => d.decidedAt, outcome: (d) => d.outcome },
  'lead.referral.aggrieved-party-agreement-recorded': {
    at: (d) => d.recordedAt,
    outcome: (d) => (d.agreed ? 'agreed' : 'disagreed'),
  },
  'lead.referral.handed-off': {
    at: (d) => d.arrivedAt,
    outcome: (d) => (d.withinTarget ? 'within_target' : 'over_target'),
    minutes: (d) => d.minutesFromCall,
  },
  'lead.referral.offer-accepted': { at: (d) => d.answeredAt },
  'lead.referral.offer-declined': { at: (d) => d.answeredAt },
  'lead.referral.accepted': { at: (d) => d.acceptedAt },
  'lead.referral.closed': { at: (d) => d.closedAt, outcome: (d) => d.reason },
  'lead.participant.merged': { at: (d) => d.mergedAt, outcome: (d) => d.reasonCode },
  'lead.case.opened': { at: (d) => d.openedAt, outcome: (d) => d.providerAgency },
  'lead.case.intake-completed': {
    day: (d) => d.completedOn,
    outcome: (d) => {
      const deadline = d.deadline as { met?: boolean } | undefined;
      return deadline === undefined ? 'no_deadline' : deadline.met ? 'deadline_met' : 'deadline_missed';
    },
  },
  'lead.case.demographics-recorded': { at: (d) => d.recordedAt },
  'lead.case.consent-recorded': { at: (d) => d.signedAt },
  'lead.case.consent-revoked': { at: (d) => d.revokedAt },
  'lead.case.assessment-completed': { day: (d) => d.completedOn, outcome: (d) => d.occasion },
  'lead.case.plan-updated': { at: (d) => d.updatedAt },
  'lead.case.service-referral-status-changed': { at: (d) => d.changedAt, outcome: (d) => d.status },
  'lead.case.contact-logged': { day: (d) => d.contactedOn, outcome: (d) => d.contactKind },
  'lead.case.engagement-changed': { day: (d) => d.changedOn, outcome: (d) => d.level },
  'lead.case.exited': { at: (d) => d.exitedAt, outcome: (d) => d.reason },
  'lead.case.reenrolled': { at: (d) => d.reenrolledAt },
  'lead.case.monthly-snapshot-recorded': { day: (d) => `${String(d.month)}-01`, outcome: (d) => d.housingStatus },
  'lead.prosecution.eligibility-decided': { at: (d) => d.decidedAt, outcome: (d) => d.outcome },
  'lead.prosecution.charge-held': { day: (d) => d.heldOn, outcome: (d) => d.offenseCode },
  'lead.prosecution.charge-declined': { day: (d) => d.declinedOn, outcome: (d) => d.reason },
  'lead.prosecution.charge-released': { day: (d) => d.releasedOn, outcome: (d) => d.reason },
  'lead.prosecution.charge-filed': { day: (d) => d.filedOn, outcome: (d) => d.offenseCode },
  'lead.prosecution.sealing-eligible': { day: (d) => d.eligibleOn },
  'lead.prosecution.sealing-confirmed': { day: (d) => d.sealedOn, outcome: (d) => d.custodian },
  'lead.prosecution.arrest-expunged': { day: (d) => d.expungedOn, outcome: (d) => d.basis },
  'lead.prosecution.new-charge-coordinated': { day: (d) => d.coordinatedOn, outcome: (d) => d.resolution },
  'lead.prosecution.legal-matter-coordinated': { day: (d) => d.since, outcome: (d) => d.kind },
  'lead.prosecution.termination-decided': { at: (d) => d.decidedAt, outcome: (d) => d.criterionCode },
  // The justice system's day; the kind is the code outcome reports count (arrest, charge, booking, …).
  'lead.justice.record-imported': { day: (d) => d.occurredOn, outcome: (d) => d.kind, district: (d) => d.district },
  // Aggregates of the comparison cohort, dated by the day the extract is complete through.
  'lead.justice.comparison-counted': { day: (d) => d.coveredThrough },
};

/**
 * The fact of one integration event (already upcast to the version this code reads). Pure: the same event always
 * gives the same row, which is what lets the table be rebuilt from the log and an event be applied twice. A type this
 * code does not know yet still gets a row (dated by its recording), so the journey shows it and a later version of
 * this mapping can read it from `attrs` after a rebuild.
 */
export function programFactOf(event: IntegrationEvent, localDayOf: LocalDayOf): ProgramFactRow {
  const data = event.data as Data;
  const shape = SHAPES[event.type] ?? {};
  const at = text(shape.at?.(data));
  const day = text(shape.day?.(data));
  const minutes = shape.minutes?.(data);
  return {
    eventId: event.id,
    type: event.type,
    jurisdiction: event.jurisdiction,
    participantId: event.participantId,
    referralId: text(data.referralId),
    caseId: text(data.caseId),
    matterId: text(data.matterId),
    occurredOn: day ?? localDayOf(event.jurisdiction, at ?? event.time),
    occurredAt: at,
    recordedAt: event.time,
    district: text(shape.district?.(data)),
    outcome: text(shape.outcome?.(data)),
    minutes: typeof minutes === 'number' ? minutes : null,
    attrs: data,
  };
}
