// Ids of configuration travel in every integration event, so they take the contracts' patterns: a protocol file
// could otherwise configure an agency or jurisdiction the relay cannot publish.
import { AGENCY_ID, CONFIGURED_CODE, DISTRICT_ID, JURISDICTION_ID } from '@lead/contracts';
import { JurisdictionConfigError } from './jurisdiction-config-error.js';
import type { OffenseCatalogue } from './offense-catalogue.js';
import {
  AFTER_INTAKE,
  AGENCY_KINDS,
  AGGRIEVED_PARTY_AGREEMENT,
  PROTOCOL_CODE,
  REFERRAL_DOORS,
  SEALING_EFFECTS,
  SEALING_STARTS_AT,
  SUBSTANCE_FORMS,
  type Agency,
  type Door,
  type Exclusions,
  type Protocol,
  type ReferralDoor,
  type SealingRule,
  type TerminationCriterion,
  type UnitCosts,
} from './protocol.js';
import { join, ProtocolReader } from './protocol-reader.js';

const TOP_LEVEL = [
  'jurisdiction',
  'name',
  'state',
  'version',
  'effectiveFrom',
  'adoptedBy',
  'adoptedOn',
  'districts',
  'agencies',
  'doors',
  'divertibleOffenses',
  'exclusions',
  'intakeDeadlineDays',
  'timeZone',
  'afterIntake',
  'terminationCriteria',
  'aggrievedPartyAgreementRequired',
  'aggrievedPartyAgreement',
  'prosecutorReviewRequired',
  'handOffTargetMinutes',
  'sealing',
  'unitCosts',
  'decisionPoints',
  'unpublished',
  'notes',
] as const;

/**
 * Turns one jurisdiction file into a `Protocol`, or throws a `JurisdictionConfigError` naming the
 * file, the path and the problem of everything wrong in it: unknown settings and offense codes,
 * negative or non-whole deadlines, doors used by agencies that do not exist, a program without a
 * police department, prosecutor office or provider.
 */
export function parseProtocol(raw: unknown, file: string, offenses: OffenseCatalogue): Protocol {
  const r = new ProtocolReader(file);
  const o = r.object(raw, '', TOP_LEVEL);
  const state = r.string(o.state, 'state', /^[A-Z]{2}$/);

  const agencies = r.array(
    o.agencies,
    'agencies',
    (v, p): Agency => {
      const a = r.object(v, p, ['id', 'kind', 'name', 'liaison']);
      const agency: Agency = {
        id: r.string(a.id, join(p, 'id'), AGENCY_ID),
        kind: r.oneOf(a.kind, join(p, 'kind'), AGENCY_KINDS),
        name: r.string(a.name, join(p, 'name')),
      };
      if (a.liaison !== undefined) agency.liaison = r.boolean(a.liaison, join(p, 'liaison'));
      return agency;
    },
    { nonEmpty: true },
  );
  unique(
    r,
    agencies.map((a) => a.id),
    'agencies',
    'agency id',
  );
  for (const kind of ['police', 'prosecutor', 'provider'] as const) {
    if (!agencies.some((a) => a.kind === kind))
      r.fail(
        'agencies',
        `must include at least one ${kind === 'provider' ? 'case-management provider' : kind === 'police' ? 'police department' : 'prosecutor office'} (kind "${kind}")`,
      );
  }
  const agencyIds = new Set(agencies.map((a) => a.id));

  const districts = r.array(
    o.districts,
    'districts',
    (v, p) => {
      const d = r.object(v, p, ['id', 'name']);
      return { id: r.string(d.id, join(p, 'id'), DISTRICT_ID), name: r.string(d.name, join(p, 'name')) };
    },
    { nonEmpty: true },
  );
  unique(
    r,
    districts.map((d) => d.id),
    'districts',
    'district id',
  );

  const doorsRaw = r.object(o.doors, 'doors', REFERRAL_DOORS);
  const doors = {} as Record<ReferralDoor, Door>;
  for (const door of REFERRAL_DOORS) {
    const p = join('doors', door);
    if (doorsRaw[door] === undefined) {
      r.fail(p, 'must say whether this door is open');
      doors[door] = { open: false, referrers: [] };
      continue;
    }
    const d = r.object(doorsRaw[door], p, ['open', 'referrers']);
    const open = r.boolean(d.open, join(p, 'open'));
    const referrers = r.array(d.referrers, join(p, 'referrers'), (v, rp) => {
      const id = r.string(v, rp);
      if (id && !agencyIds.has(id)) r.fail(rp, `names agency "${id}", which is not among the agencies`);
      return id;
    });
    if (open && referrers.length === 0)
      r.fail(join(p, 'referrers'), 'an open door needs at least one referring agency');
    if (!open && referrers.length > 0) r.fail(join(p, 'referrers'), 'a closed door has no referring agencies');
    doors[door] = { open, referrers };
  }

  const divertibleOffenses = r.array(
    o.divertibleOffenses,
    'divertibleOffenses',
    (v, p) => {
      const code = r.string(v, p);
      const offense = offenses.get(code);
      if (code && !offense) r.fail(p, `unknown offense code "${code}"`);
      else if (offense && state && offense.state !== state)
        r.fail(p, `offense "${code}" is a ${offense.state} offense, not ${state}`);
      return code;
    },
    { nonEmpty: true },
  );
  unique(r, divertibleOffenses, 'divertibleOffenses', 'offense code');

  const protocol: Protocol = {
    jurisdiction: r.string(o.jurisdiction, 'jurisdiction', JURISDICTION_ID),
    name: r.string(o.name, 'name'),
    state,
    version: r.string(o.version, 'version', CONFIGURED_CODE),
    effectiveFrom: r.date(o.effectiveFrom, 'effectiveFrom'),
    adoptedBy: r.string(o.adoptedBy, 'adoptedBy'),
    districts,
    agencies,
    doors,
    divertibleOffenses,
    exclusions: parseExclusions(r, o.exclusions),
    intakeDeadlineDays: r.number(o.intakeDeadlineDays, 'intakeDeadlineDays', { integer: true, positive: true }),
    prosecutorReviewRequired: r.boolean(o.prosecutorReviewRequired, 'prosecutorReviewRequired'),
    handOffTargetMinutes: r.number(o.handOffTargetMinutes, 'handOffTargetMinutes', { integer: true, positive: true }),
    sealing: parseSealing(r, o.sealing),
    unitCosts: parseUnitCosts(r, o.unitCosts),
    unpublished: r.array(o.unpublished ?? [], 'unpublished', (v, p) => r.string(v, p)),
  };
  // Settings added in 2026-12 are set only when the file names them: an older file must parse to exactly the
  // protocol it was adopted as (its content hash is recorded), so none of them gets a default written in.
  if (o.timeZone !== undefined) protocol.timeZone = parseTimeZone(r, o.timeZone);
  if (o.afterIntake !== undefined) protocol.afterIntake = r.oneOf(o.afterIntake, 'afterIntake', AFTER_INTAKE);
  if (o.terminationCriteria !== undefined)
    protocol.terminationCriteria = parseTerminationCriteria(r, o.terminationCriteria);
  parseAggrievedPartyAgreement(r, o, protocol);
  if (o.decisionPoints !== undefined) {
    protocol.decisionPoints = r.array(o.decisionPoints, 'decisionPoints', (v, p) => r.string(v, p, PROTOCOL_CODE), {
      nonEmpty: true,
    });
    unique(r, protocol.decisionPoints, 'decisionPoints', 'decision point');
  }
  if (o.adoptedOn !== undefined) {
    protocol.adoptedOn = r.date(o.adoptedOn, 'adoptedOn');
    // A version cannot govern acts from before its adoption; ISO dates compare as text.
    if (protocol.adoptedOn && protocol.effectiveFrom && protocol.adoptedOn > protocol.effectiveFrom) {
      r.fail(
        'adoptedOn',
        `must not be after effectiveFrom (${protocol.effectiveFrom}): a version cannot govern acts from before it was adopted`,
      );
    }
  }
  for (const [i, path] of protocol.unpublished.entries()) {
    if (path && lookup(raw, path) === undefined)
      r.fail(`unpublished[${i}]`, `names "${path}", which is not a setting in this file`);
  }
  if (r.problems.length > 0) throw new JurisdictionConfigError(r.problems);
  return protocol;
}

function parseExclusions(r: ProtocolReader, value: unknown): Exclusions {
  const p = 'exclusions';
  const e = r.object(value, p, [
    'drugQuantityGrams',
    'deliveryForProfit',
    'exploitingMinors',
    'promotingProstitution',
    'minimumAge',
    'violentHistory',
    'activeProtectiveOrder',
    'pendingTreatmentCourtCase',
    'amenabilityRequired',
  ]);
  const quantities = r.object(e.drugQuantityGrams, join(p, 'drugQuantityGrams'), SUBSTANCE_FORMS);
  const drugQuantityGrams: Exclusions['drugQuantityGrams'] = {};
  for (const form of SUBSTANCE_FORMS) {
    if (quantities[form] !== undefined)
      drugQuantityGrams[form] = r.number(quantities[form], join(join(p, 'drugQuantityGrams'), form), {
        positive: true,
      });
  }
  let violentHistory: Exclusions['violentHistory'] = null;
  if (e.violentHistory !== null) {
    const vp = join(p, 'violentHistory');
    const v = r.object(e.violentHistory, vp, ['lookBackYears', 'offenseCategories']);
    violentHistory = {
      lookBackYears: r.number(v.lookBackYears, join(vp, 'lookBackYears'), { integer: true, positive: true }),
      offenseCategories: r.array(
        v.offenseCategories,
        join(vp, 'offenseCategories'),
        (c, cp) => r.string(c, cp, /^[a-z_]+$/),
        { nonEmpty: true },
      ),
    };
  }
  return {
    drugQuantityGrams,
    deliveryForProfit: r.boolean(e.deliveryForProfit, join(p, 'deliveryForProfit')),
    exploitingMinors: r.boolean(e.exploitingMinors, join(p, 'exploitingMinors')),
    promotingProstitution: r.boolean(e.promotingProstitution, join(p, 'promotingProstitution')),
    minimumAge: r.number(e.minimumAge, join(p, 'minimumAge'), { integer: true, min: 0 }),
    violentHistory,
    activeProtectiveOrder: r.boolean(e.activeProtectiveOrder, join(p, 'activeProtectiveOrder')),
    pendingTreatmentCourtCase: r.boolean(e.pendingTreatmentCourtCase, join(p, 'pendingTreatmentCourtCase')),
    amenabilityRequired: r.boolean(e.amenabilityRequired, join(p, 'amenabilityRequired')),
  };
}

/** An IANA zone name the runtime knows (`America/New_York`); offsets and abbreviations are not places. */
function parseTimeZone(r: ProtocolReader, value: unknown): string {
  const zone = r.string(value, 'timeZone', /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/);
  if (!zone) return zone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    r.fail('timeZone', `"${zone}" is not an IANA time zone this runtime knows`);
  }
  return zone;
}

function parseTerminationCriteria(r: ProtocolReader, value: unknown): TerminationCriterion[] {
  const criteria = r.array(value, 'terminationCriteria', (v, p) => {
    const c = r.object(v, p, ['code', 'description']);
    return {
      code: r.string(c.code, join(p, 'code'), PROTOCOL_CODE),
      description: r.string(c.description, join(p, 'description')),
    };
  });
  unique(
    r,
    criteria.map((c) => c.code),
    'terminationCriteria',
    'criterion code',
  );
  return criteria;
}

/**
 * Files before 2026-12 say `aggrievedPartyAgreementRequired` (a boolean), later ones `aggrievedPartyAgreement`;
 * each file says exactly one, and the protocol keeps the key the file used (its adopted content).
 */
function parseAggrievedPartyAgreement(r: ProtocolReader, o: Record<string, unknown>, protocol: Protocol): void {
  const older = o.aggrievedPartyAgreementRequired !== undefined;
  const newer = o.aggrievedPartyAgreement !== undefined;
  if (older && newer) {
    r.fail(
      'aggrievedPartyAgreementRequired',
      'is replaced by aggrievedPartyAgreement: a file says one of them, not both',
    );
  } else if (!older && !newer) {
    r.fail('aggrievedPartyAgreement', `must be one of ${AGGRIEVED_PARTY_AGREEMENT.join(', ')}`);
  }
  if (older)
    protocol.aggrievedPartyAgreementRequired = r.boolean(
      o.aggrievedPartyAgreementRequired,
      'aggrievedPartyAgreementRequired',
    );
  if (newer)
    protocol.aggrievedPartyAgreement = r.oneOf(
      o.aggrievedPartyAgreement,
      'aggrievedPartyAgreement',
      AGGRIEVED_PARTY_AGREEMENT,
    );
}

function parseSealing(r: ProtocolReader, value: unknown): SealingRule {
  const p = 'sealing';
  const s = r.object(value, p, ['rule', 'authority', 'eligibleAfterDays', 'custodians', 'startsAt', 'effect']);
  const sealing = parseSealingCore(r, s, p);
  if (s.startsAt !== undefined) sealing.startsAt = r.oneOf(s.startsAt, join(p, 'startsAt'), SEALING_STARTS_AT);
  if (s.effect !== undefined) sealing.effect = r.oneOf(s.effect, join(p, 'effect'), SEALING_EFFECTS);
  return sealing;
}

function parseSealingCore(r: ProtocolReader, s: Record<string, unknown>, p: string): SealingRule {
  return {
    rule: r.string(s.rule, join(p, 'rule')),
    authority: r.string(s.authority, join(p, 'authority')),
    eligibleAfterDays: r.number(s.eligibleAfterDays, join(p, 'eligibleAfterDays'), { integer: true, min: 0 }),
    custodians: r.array(
      s.custodians,
      join(p, 'custodians'),
      (v, cp) => r.oneOf(v, cp, ['police', 'prosecutor', 'court', 'jail'] as const),
      { nonEmpty: true },
    ),
  };
}

function parseUnitCosts(r: ProtocolReader, value: unknown): UnitCosts {
  const p = 'unitCosts';
  const keys = [
    'jailDay',
    'booking',
    'officerHour',
    'prosecution',
    'emergencyDepartmentVisit',
    'caseManagementParticipantMonth',
  ] as const;
  // Optional, and set only when the file names them: an adopted file's content hash must not change.
  const optionalKeys = ['defenseCase', 'prisonAdmission', 'officerHoursPerArrest'] as const;
  const c = r.object(value, p, ['currency', ...keys, ...optionalKeys]);
  const costs = { currency: r.oneOf(c.currency, join(p, 'currency'), ['USD'] as const) } as UnitCosts;
  for (const key of keys) costs[key] = r.number(c[key], join(p, key), { min: 0 });
  for (const key of optionalKeys) if (c[key] !== undefined) costs[key] = r.number(c[key], join(p, key), { min: 0 });
  return costs;
}

function unique(r: ProtocolReader, values: string[], path: string, what: string): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) r.fail(path, `${what} "${v}" appears twice`);
    seen.add(v);
  }
}

function lookup(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}
