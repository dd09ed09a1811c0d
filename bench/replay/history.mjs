// A generated program history for bench/replay: per participant one referral journey in a plausible order, as the
// referrals, prosecution and case-management services publish it, in 4 configured jurisdictions over ~3 years of
// recorded time. Deterministic for a seed. Every event is checked with assertValidIntegrationEvent as it is made.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertValidIntegrationEvent, TOPICS } from '@lead/contracts';

const CONFIG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../config/jurisdictions');
/** Where each participant is referred (weights): four programs with older protocol versions in force over the span. */
const JURISDICTIONS = [
  ['denver', 0.36],
  ['seattle-king-county', 0.32],
  ['hartford-new-haven', 0.18],
  ['san-luis-valley', 0.14],
];
/** Recorded time: from the first referral to the last event (the report's "now" is after it). */
export const HISTORY_START = Date.parse('2024-01-01T00:00:00Z');
export const HISTORY_END = Date.parse('2026-11-30T00:00:00Z');
/** Events recorded before this went out in the v1 schemas of the types that have a v2 (upcast on replay). */
const V2_FROM = Date.parse('2025-04-01T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SOURCES = {
  [TOPICS.referrals]: '/lead/referrals',
  [TOPICS.cases]: '/lead/case-management',
  [TOPICS.prosecution]: '/lead/prosecution',
};
const CRITERIA = [
  'divertible_offense',
  'drug_quantity',
  'delivery_for_profit',
  'exploiting_minors',
  'promoting_prostitution',
  'minimum_age',
  'violent_history',
  'active_protective_order',
  'pending_treatment_court_case',
  'amenability',
];
const EXIT_V2 = [
  'transitioned_out',
  'moved_away',
  'incarcerated',
  'declined_services',
  'terminated_by_prosecutor_criteria',
  'other',
];
const EXIT_V1 = ['goals_met', 'moved_away', 'incarcerated_non_divertible', 'lost_contact', 'terminated_by_committee'];
const CONTACT_V2 = ['in_person', 'phone', 'text', 'outreach_attempt', 'street_contact'];
const CONTACT_V1 = ['in_person', 'phone', 'text_message', 'collateral'];
const HOUSING = ['homeless', 'homeless', 'homeless', 'institutional', 'temporary', 'temporary', 'permanent', 'other'];
const EMPLOYMENT = ['employed_part_time', 'not_employed_looking', 'not_employed_not_looking', 'unable_to_work'];
const HMIS = ['yes', 'no', 'no', 'client_doesnt_know'];
const SERVICE_CATEGORIES = [
  'housing',
  'health_care',
  'food',
  'legal_advocacy',
  'job_training',
  'income_benefits',
  'identification_documents',
];
const RACE_ETHNICITY = [
  'american_indian_alaska_native_indigenous',
  'asian_asian_american',
  'black_african_american_african',
  'black_african_american_african',
  'hispanic_latina_e_o',
  'hispanic_latina_e_o',
  'native_hawaiian_pacific_islander',
  'white',
  'white',
  'white',
  'client_prefers_not_to_answer',
];
const SEX = ['male', 'male', 'female', 'client_prefers_not_to_answer'];
const SERVICE_ENDS = [
  'got_help',
  'got_help',
  'couldnt_get_help',
  'not_eligible',
  'no_capacity',
  'no_longer_interested',
];

/** mulberry32, as libs/testing's SeededRandom. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  const hex = (n) => {
    let out = '';
    while (out.length < n) out += (int(0x10000) + 0x10000).toString(16).slice(1);
    return out.slice(0, n);
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    between: (lo, hi) => lo + next() * (hi - lo),
    uuid: () => {
      const h = hex(32);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[int(4)]}${h.slice(17, 20)}-${h.slice(20)}`;
    },
    base64: (bytes) => {
      const b = Buffer.alloc(bytes);
      for (let i = 0; i < bytes; i++) b[i] = int(256);
      return b.toString('base64');
    },
  };
}

/** The jurisdictions' protocol versions (config/jurisdictions/<id>/<version>.json), oldest first, and their zone. */
export function loadJurisdictions() {
  return JURISDICTIONS.map(([id, weight]) => {
    const versions = readdirSync(path.join(CONFIG_DIR, id))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => JSON.parse(readFileSync(path.join(CONFIG_DIR, id, f), 'utf8')))
      .map((c) => ({ ...c, from: Date.parse(`${c.effectiveFrom}T00:00:00Z`) }));
    const timeZone = versions.findLast((v) => v.timeZone)?.timeZone;
    if (!timeZone) throw new Error(`${id}: no protocol version names a time zone`);
    const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return {
      id,
      weight,
      timeZone,
      versions,
      /** The protocol version in force at an instant (the first one before any was). */
      versionAt: (ms) => versions.findLast((v) => v.from <= ms) ?? versions[0],
      localDay: (ms) => day.format(new Date(ms)),
    };
  });
}

const iso = (ms) => new Date(ms).toISOString();
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const monthOf = (ms) => iso(ms).slice(0, 7);
const topicOf = (type) =>
  type.startsWith('lead.case.')
    ? TOPICS.cases
    : type.startsWith('lead.prosecution.')
      ? TOPICS.prosecution
      : TOPICS.referrals;

/**
 * `events` events over `participants` participants. Each participant's referral journey (the funnel, the hand-off,
 * the case's opening, intake, the charge, an exit for some) is drawn first; what remains of `events` is spread over
 * the enrolled participants' time in the program (contacts, monthly snapshots, engagement changes, service
 * connections), in proportion to their months in it. Returns the log rows sorted by recorded time (the order a
 * consumer receives them in), the participants (id, jurisdiction), the count per type and what validating cost.
 */
export function generateHistory({ events: target, participants: count, seed }) {
  const rng = seededRandom(seed);
  const jurisdictions = loadJurisdictions();
  const totalWeight = jurisdictions.reduce((sum, j) => sum + j.weight, 0);
  const pickJurisdiction = () => {
    let x = rng.next() * totalWeight;
    for (const j of jurisdictions) if ((x -= j.weight) < 0) return j;
    return jurisdictions.at(-1);
  };
  const rows = [];
  const byType = new Map();
  let validateMs = 0;
  const people = [];

  /** One participant's emitter: envelopes chained by causation, validated, turned into a log row. */
  const emitterFor = (participantId, jurisdiction) => {
    const correlationId = rng.uuid();
    let previous = null;
    return (type, version, at, data, plaintext) => {
      const recorded = Math.min(at + rng.int(90_000), HISTORY_END - 1);
      const topic = topicOf(type);
      const event = {
        id: rng.uuid(),
        type,
        schemaVersion: version,
        source: SOURCES[topic],
        time: iso(recorded),
        participantId,
        jurisdiction: jurisdiction.id,
        correlationId,
        causationId: previous,
        data,
      };
      previous = event.id;
      const t0 = performance.now();
      assertValidIntegrationEvent(event, topic);
      validateMs += performance.now() - t0;
      byType.set(`${type} v${version}`, (byType.get(`${type} v${version}`) ?? 0) + 1);
      rows.push({
        t: recorded,
        row: [
          event.id,
          topic,
          type,
          version,
          event.source,
          event.time,
          iso(recorded + 50 + rng.int(2000)),
          jurisdiction.id,
          participantId,
          correlationId,
          event.causationId,
          JSON.stringify(data),
          ...(plaintext === undefined ? [] : [plaintext]),
        ],
      });
    };
  };

  // ------------------------------------------------------------------------------------------- the journeys
  const referralSpan = HISTORY_END - 14 * DAY - HISTORY_START;
  for (let p = 0; p < count; p++) {
    const j = pickJurisdiction();
    const participantId = rng.uuid();
    people.push({ participantId, jurisdiction: j.id });
    const emit = emitterFor(participantId, j);
    const referredAt = HISTORY_START + Math.floor(rng.next() * referralSpan);
    const protocol = j.versionAt(referredAt);
    const doors = Object.entries(protocol.doors).filter(([, d]) => d.open && d.referrers.length > 0);
    const roll = rng.next();
    const door =
      doors.find(
        ([name]) => name === (roll < 0.58 ? 'arrest_diversion' : roll < 0.92 ? 'social_contact' : 'community'),
      ) ?? doors.find(([name]) => name === 'social_contact');
    const arrest = door[0] === 'arrest_diversion';
    const referralId = rng.uuid();
    const agency = (kind) => rng.pick(protocol.agencies.filter((a) => a.kind === kind)).id;
    emit('lead.referral.recorded', 1, referredAt, {
      referralId,
      door: door[0],
      district: rng.pick(protocol.districts).id,
      referredBy: {
        agency: rng.pick(door[1].referrers),
        staffId: `${door[1].referrers[0].toLowerCase()}-officer-${rng.int(400)}`,
      },
      referredAt: iso(referredAt),
      ...(arrest ? { offenseCode: rng.pick(protocol.divertibleOffenses) } : {}),
      protocolVersion: protocol.version,
    });
    const screenedAt = referredAt + (5 + rng.int(50)) * MINUTE;
    const eligible = rng.chance(0.9);
    const excluded = eligible ? -1 : 1 + rng.int(CRITERIA.length - 1);
    emit('lead.referral.screened', 1, screenedAt, {
      referralId,
      protocolVersion: protocol.version,
      outcome: eligible ? 'eligible' : 'ineligible',
      criteria: CRITERIA.map((criterion, i) => ({ criterion, outcome: i === excluded ? 'exclude' : 'pass' })),
    });
    let matterId = null;
    let intakeDeadline = null;
    const heldAt = referredAt + (1 + rng.int(3)) * HOUR;
    if (arrest) {
      matterId = rng.uuid();
      const heldOn = j.localDay(heldAt);
      intakeDeadline = addDays(heldOn, protocol.intakeDeadlineDays);
      emit('lead.prosecution.charge-held', 1, heldAt, {
        matterId,
        referralId,
        offenseCode: rng.pick(protocol.divertibleOffenses),
        heldOn,
        intakeDeadline,
      });
    }
    const close = (reason, at) => {
      emit('lead.referral.closed', 1, at, { referralId, reason, closedAt: iso(at) });
      if (arrest) {
        const releasedAt = at + (2 + rng.int(40)) * HOUR;
        emit('lead.prosecution.charge-released', 1, releasedAt, {
          matterId,
          reason: 'referral_closed',
          releasedOn: j.localDay(releasedAt),
        });
      }
    };
    if (!eligible) {
      close('ineligible', screenedAt + rng.int(10) * MINUTE);
      continue;
    }
    let decidedAt = screenedAt;
    if (arrest && protocol.prosecutorReviewRequired !== false) {
      decidedAt = heldAt + (1 + rng.int(20)) * HOUR;
      const overridden = rng.chance(0.08);
      emit('lead.referral.prosecutor-eligibility-decided', 1, decidedAt, {
        referralId,
        decision: overridden ? 'overridden' : 'confirmed',
        outcome: overridden ? 'ineligible' : 'eligible',
        reasonCode: overridden ? 'pending_case_elsewhere' : 'meets_protocol',
        prosecutorAgency: agency('prosecutor'),
        decidedAt: iso(decidedAt),
      });
      if (overridden) {
        close('prosecutor_found_ineligible', decidedAt + rng.int(30) * MINUTE);
        continue;
      }
    }
    const answeredAt = referredAt + (20 + rng.int(40)) * MINUTE;
    if (rng.chance(0.14)) {
      emit('lead.referral.offer-declined', 1, Math.max(answeredAt, decidedAt), {
        referralId,
        answeredAt: iso(answeredAt),
      });
      close('declined_by_person', Math.max(answeredAt, decidedAt) + rng.int(20) * MINUTE);
      continue;
    }
    emit('lead.referral.offer-accepted', 1, answeredAt, { referralId, answeredAt: iso(answeredAt) });
    const calledAt = referredAt + (5 + rng.int(20)) * MINUTE;
    const minutes = Math.round(Math.min(240, 8 + -Math.log(1 - rng.next()) * 20) * 10) / 10;
    const arrivedAt = calledAt + Math.round(minutes * MINUTE);
    const target = protocol.handOffTargetMinutes ?? 30;
    const caseManagerAgency = agency('provider');
    emit(
      'lead.referral.handed-off',
      arrivedAt < V2_FROM ? 1 : 2,
      arrivedAt,
      arrivedAt < V2_FROM
        ? {
            referralId,
            calledAt: iso(calledAt),
            arrivedAt: iso(arrivedAt),
            minutes,
            withinTarget: minutes <= target,
            caseManagerAgency,
          }
        : {
            referralId,
            calledAt: iso(calledAt),
            arrivedAt: iso(arrivedAt),
            minutesFromCall: minutes,
            withinTarget: minutes <= target,
            targetMinutes: target,
            caseManagerAgency,
          },
    );
    const acceptedAt = Math.max(arrivedAt, decidedAt) + (5 + rng.int(60)) * MINUTE;
    emit('lead.referral.accepted', 1, acceptedAt, { referralId, acceptedAt: iso(acceptedAt) });
    const caseId = rng.uuid();
    const openedAt = acceptedAt + (1 + rng.int(30)) * MINUTE;
    emit('lead.case.opened', 1, openedAt, {
      caseId,
      referralId,
      providerAgency: caseManagerAgency,
      openedAt: iso(openedAt),
    });
    const openedOn = j.localDay(openedAt);
    const deadlineDays = protocol.intakeDeadlineDays ?? 30;
    const due = intakeDeadline ?? addDays(openedOn, deadlineDays);
    let activeFrom = openedAt;
    let intakeMet = false;
    if (rng.chance(0.86)) {
      const intakeAt = openedAt + Math.floor(rng.between(0.2, deadlineDays + 12) * DAY);
      if (intakeAt < HISTORY_END - DAY) {
        const completedOn = j.localDay(intakeAt);
        intakeMet = completedOn <= due;
        emit('lead.case.intake-completed', 1, intakeAt, {
          caseId,
          completedOn,
          deadline: { due, met: intakeMet },
          releaseOfInformationSigned: rng.chance(0.93),
        });
        // Sealed with the participant's key by case management: a stand-in here, which run.mjs seals for real with
        // the service's key store when the service opens it (the plaintext rides as the row's 13th element).
        const raceEthnicity = rng.chance(0.08) ? [rng.pick(RACE_ETHNICITY), 'white'] : [rng.pick(RACE_ETHNICITY)];
        emit(
          'lead.case.demographics-recorded',
          1,
          intakeAt,
          {
            caseId,
            recordedAt: iso(intakeAt),
            demographics: { $sealed: 'aes-256-gcm/v1', data: rng.base64(28 + 48 + rng.int(24)) },
          },
          { raceEthnicity: [...new Set(raceEthnicity)], sex: rng.pick(SEX) },
        );
        activeFrom = intakeAt;
      }
    }
    if (arrest) {
      if (intakeMet) {
        const declinedAt = activeFrom + (1 + rng.int(5)) * DAY;
        if (declinedAt < HISTORY_END)
          emit('lead.prosecution.charge-declined', 1, declinedAt, {
            matterId,
            reason: 'intake_completed',
            declinedOn: j.localDay(declinedAt),
          });
      } else {
        const releasedAt = Date.parse(`${addDays(due, 1)}T16:00:00Z`);
        if (releasedAt < HISTORY_END)
          emit('lead.prosecution.charge-released', 1, releasedAt, {
            matterId,
            reason: 'intake_deadline_passed',
            releasedOn: j.localDay(releasedAt),
          });
      }
    }
    // Time in the program: until an exit (some), else to the end of the history.
    let exitAt = null;
    if (rng.chance(0.45)) {
      const at = activeFrom + Math.floor(rng.between(60, 720) * DAY);
      if (at < HISTORY_END - DAY) exitAt = at;
    }
    const until = exitAt ?? HISTORY_END - DAY;
    people.at(-1).enrolled = {
      emit,
      j,
      caseId,
      from: activeFrom,
      until,
      exitAt,
      months: Math.max(0.25, (until - activeFrom) / (30 * DAY)),
    };
  }

  // ------------------------------------------------------------------------------- their time in the program
  const enrolled = people.filter((p) => p.enrolled);
  const exits = enrolled.filter((p) => p.enrolled.exitAt !== null).length;
  let remaining = Math.max(0, target - rows.length - exits);
  let monthsLeft = enrolled.reduce((sum, p) => sum + p.enrolled.months, 0);
  for (const person of enrolled) {
    const e = person.enrolled;
    // Proportional to the months left, so the total comes out at `target` exactly.
    const n = monthsLeft > 0 ? Math.round((remaining * e.months) / monthsLeft) : 0;
    monthsLeft -= e.months;
    remaining -= n;
    ongoing(e, n);
    if (e.exitAt !== null) {
      const v1 = e.exitAt < V2_FROM;
      e.emit(
        'lead.case.exited',
        v1 ? 1 : 2,
        e.exitAt,
        v1
          ? { caseId: e.caseId, reason: rng.pick(EXIT_V1), exitedOn: iso(e.exitAt).slice(0, 10) }
          : { caseId: e.caseId, reason: rng.pick(EXIT_V2), exitedAt: iso(e.exitAt) },
      );
    }
    delete person.enrolled;
  }

  /** `n` events of one case between intake and exit: contacts mostly, a snapshot a month, engagement, services. */
  function ongoing(e, n) {
    const span = e.until - e.from;
    const at = [];
    for (let i = 0; i < n; i++) at.push(e.from + Math.floor(rng.next() * span));
    at.sort((a, b) => a - b);
    const monthsDone = new Set();
    let level = 'engaged';
    let connection = null;
    for (const t of at) {
      const roll = rng.next();
      const month = monthOf(t - 28 * DAY);
      if (roll < 0.17 && !monthsDone.has(month) && Date.parse(`${month}-01T00:00:00Z`) >= e.from - 31 * DAY) {
        monthsDone.add(month);
        e.emit('lead.case.monthly-snapshot-recorded', 1, t, {
          caseId: e.caseId,
          month,
          housingStatus: rng.pick(HOUSING),
          employmentStatus: rng.pick(EMPLOYMENT),
          income: rng.pick(HMIS),
          nonCashBenefits: rng.pick(HMIS),
          healthInsurance: rng.pick(HMIS),
          contacts: rng.int(12),
          outreachAttempts: rng.int(5),
        });
      } else if (roll < 0.27) {
        const next = rng.pick(['engaged', 'low', 'inactive'].filter((l) => l !== level));
        e.emit('lead.case.engagement-changed', 2, t, {
          caseId: e.caseId,
          level: next,
          previousLevel: level,
          reengaged: level === 'inactive',
          changedOn: iso(t).slice(0, 10),
        });
        level = next;
      } else if (roll < 0.42) {
        if (connection === null || connection.done) {
          connection = { id: rng.uuid(), category: rng.pick(SERVICE_CATEGORIES), step: 0, done: false };
        }
        const status =
          connection.step === 0
            ? 'referred'
            : connection.step === 1 && rng.chance(0.6)
              ? 'pending'
              : rng.pick(SERVICE_ENDS);
        connection.step++;
        connection.done = status !== 'referred' && status !== 'pending';
        e.emit('lead.case.service-referral-status-changed', 2, t, {
          caseId: e.caseId,
          serviceConnectionId: connection.id,
          serviceCategory: connection.category,
          status,
          changedAt: iso(t),
        });
      } else if (t < V2_FROM) {
        const kind = rng.pick(CONTACT_V1);
        e.emit('lead.case.contact-logged', 1, t, {
          caseId: e.caseId,
          contactKind: kind,
          outreachAttempt: rng.chance(0.2),
          contactedOn: iso(t).slice(0, 10),
        });
      } else {
        const kind = rng.pick(CONTACT_V2);
        e.emit('lead.case.contact-logged', 2, t, {
          caseId: e.caseId,
          contactId: rng.uuid(),
          contactKind: kind,
          successful: kind !== 'outreach_attempt',
          contactedOn: iso(t).slice(0, 10),
          durationMinutes: 5 + rng.int(60),
        });
      }
    }
  }

  // In the order received: by recorded time (ties in the order made).
  const order = new Uint32Array(rows.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => rows[a].t - rows[b].t || a - b);
  return {
    rows: Array.from(order, (i) => rows[i].row),
    people,
    byType,
    validateMs,
    jurisdictions: jurisdictions.map((j) => j.id),
  };
}
