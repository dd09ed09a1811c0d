import { InstrumentConfigError } from './instrument-config-error.js';
import { InstrumentReader, join } from './instrument-reader.js';
import {
  SCHEDULE_ANCHORS,
  type AnswerOption,
  type DomainScoring,
  type Instrument,
  type InstrumentDomain,
  type InstrumentItem,
  type Occasion,
  type Schedule,
  type ScoreBand,
} from './instrument.js';

/** Ids are recorded with every assessment and travel in events: lower-case words joined by hyphens. */
const ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Versions are the month of adoption, so that they sort as text. */
const VERSION = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The value stored for an answer: HMIS response codes (`1`, `99`) and short words. */
const OPTION_CODE = /^[A-Za-z0-9_-]+$/;
/** An HMIS data element number: `3.917`, `4.10`, `R4`, `W1.2`. */
const HMIS_ELEMENT = /^[A-Z]?\d+(\.\d+)*$/;

const TOP_LEVEL = [
  'id',
  'version',
  'name',
  'description',
  'notes',
  'domains',
  'items',
  'answerSets',
  'scoring',
  'schedule',
] as const;

/**
 * Turns one instrument file into an `Instrument`, or throws an `InstrumentConfigError` naming the file, the path
 * and the problem of everything wrong in it: unknown settings, duplicate ids, items in unknown domains or with
 * unknown answer sets, scores for options an item does not offer, bands out of order or out of reach, and
 * schedules that cannot be followed.
 */
export function parseInstrument(raw: unknown, file: string): Instrument {
  const r = new InstrumentReader(file);
  const o = r.object(raw, '', TOP_LEVEL);

  const domains = r.array(o.domains, 'domains', (v, p) => parseDomain(r, v, p), { nonEmpty: true });
  r.unique(
    domains.map((d) => d.id),
    'domains',
    'domain id',
  );
  const answerSets = parseAnswerSets(r, o.answerSets);
  const items = r.array(o.items, 'items', (v, p) => parseItem(r, v, p), { nonEmpty: true });
  r.unique(
    items.map((i) => i.id),
    'items',
    'item id',
  );
  const domainIds = new Set(domains.map((d) => d.id));
  items.forEach((item, i) => {
    if (item.domain && !domainIds.has(item.domain))
      r.fail(`items[${i}].domain`, `names domain "${item.domain}", which is not among the domains`);
    if (item.answerSet && !answerSets.has(item.answerSet))
      r.fail(`items[${i}].answerSet`, `names answer set "${item.answerSet}", which is not among the answerSets`);
  });
  domains.forEach((domain, i) => {
    if (domain.id && !items.some((item) => item.domain === domain.id)) r.fail(`domains[${i}]`, 'has no items');
  });

  const scoring = parseScoring(r, o.scoring, domainIds, items, answerSets);
  const schedule = parseSchedule(r, o.schedule);

  const instrument: Instrument = {
    id: r.string(o.id, 'id', ID),
    version: r.string(o.version, 'version', VERSION),
    name: r.string(o.name, 'name'),
    description: r.string(o.description, 'description'),
    domains,
    items,
    answerSets: Object.fromEntries(answerSets),
    scoring,
    schedule,
  };
  if (o.notes !== undefined) instrument.notes = r.string(o.notes, 'notes');
  if (r.problems.length > 0) throw new InstrumentConfigError(r.problems);
  return instrument;
}

function parseDomain(r: InstrumentReader, value: unknown, p: string): InstrumentDomain {
  const d = r.object(value, p, ['id', 'name']);
  return { id: r.string(d.id, join(p, 'id'), ID), name: r.string(d.name, join(p, 'name')) };
}

function parseAnswerSets(r: InstrumentReader, value: unknown): Map<string, AnswerOption[]> {
  return r.map(value, 'answerSets', (v, p, id) => {
    if (!ID.test(id)) r.fail(p, `answer set id must match ${ID}`);
    const options = r.array(
      v,
      p,
      (ov, op): AnswerOption => {
        const a = r.object(ov, op, ['code', 'label', 'group']);
        const option: AnswerOption = {
          code: r.string(a.code, join(op, 'code'), OPTION_CODE),
          label: r.string(a.label, join(op, 'label')),
        };
        if (a.group !== undefined) option.group = r.string(a.group, join(op, 'group'), ID);
        return option;
      },
      { nonEmpty: true },
    );
    r.unique(
      options.map((option) => option.code),
      p,
      'option code',
      'code',
    );
    return options;
  });
}

function parseItem(r: InstrumentReader, value: unknown, p: string): InstrumentItem {
  const i = r.object(value, p, ['id', 'domain', 'prompt', 'hmis', 'answerSet', 'required']);
  const item: InstrumentItem = {
    id: r.string(i.id, join(p, 'id'), ID),
    domain: r.string(i.domain, join(p, 'domain')),
    prompt: r.string(i.prompt, join(p, 'prompt')),
    answerSet: r.string(i.answerSet, join(p, 'answerSet')),
    required: r.boolean(i.required, join(p, 'required')),
  };
  if (i.hmis !== undefined) item.hmis = r.string(i.hmis, join(p, 'hmis'), HMIS_ELEMENT);
  return item;
}

function parseScoring(
  r: InstrumentReader,
  value: unknown,
  domainIds: ReadonlySet<string>,
  items: readonly InstrumentItem[],
  answerSets: ReadonlyMap<string, readonly AnswerOption[]>,
): DomainScoring[] {
  const scoring = r.array(value ?? [], 'scoring', (v, p): DomainScoring => {
    const s = r.object(v, p, ['domain', 'items', 'bands']);
    const domain = r.string(s.domain, join(p, 'domain'));
    if (domain && !domainIds.has(domain))
      r.fail(join(p, 'domain'), `names domain "${domain}", which is not among the domains`);
    const scored = r.map(s.items, join(p, 'items'), (pointsRaw, ip, itemId) => {
      const item = items.find((candidate) => candidate.id === itemId);
      if (!item) r.fail(ip, `scores item "${itemId}", which is not among the items`);
      else if (item.domain !== domain)
        r.fail(ip, `scores item "${itemId}", which belongs to domain "${item.domain}", not "${domain}"`);
      const codes = new Set((item && answerSets.get(item.answerSet)?.map((option) => option.code)) ?? []);
      const points = r.map(pointsRaw, ip, (pv, pp, code) => {
        if (item && answerSets.has(item.answerSet) && !codes.has(code))
          r.fail(pp, `scores option "${code}", which answer set "${item.answerSet}" does not offer`);
        return r.number(pv, pp);
      });
      if (points.size === 0) r.fail(ip, 'gives no option any points');
      return Object.fromEntries(points);
    });
    if (scored.size === 0) r.fail(join(p, 'items'), 'must score at least one item');
    const bands = parseBands(r, s.bands, join(p, 'bands'), highestScore(scored));
    return { domain, items: Object.fromEntries(scored), bands };
  });
  r.unique(
    scoring.map((s) => s.domain),
    'scoring',
    'scored domain',
    'domain',
  );
  return scoring;
}

function parseBands(r: InstrumentReader, value: unknown, p: string, highest: number): ScoreBand[] {
  const bands = r.array(value ?? [], p, (v, bp): ScoreBand => {
    const b = r.object(v, bp, ['id', 'label', 'from']);
    return {
      id: r.string(b.id, join(bp, 'id'), ID),
      label: r.string(b.label, join(bp, 'label')),
      from: r.number(b.from, join(bp, 'from')),
    };
  });
  r.unique(
    bands.map((b) => b.id),
    p,
    'band id',
  );
  bands.forEach((band, i) => {
    if (i > 0 && band.from <= bands[i - 1].from)
      r.fail(`${p}[${i}].from`, `must be greater than the band before it (${bands[i - 1].from})`);
    // A band nobody can reach is a typo in a threshold, and would leave the top of the scale unlabelled.
    if (band.from > highest)
      r.fail(
        `${p}[${i}].from`,
        `is above the highest score the domain can reach (${highest}), so no one is ever in it`,
      );
  });
  return bands;
}

/** The most a domain can add up to: each item's best option, or nothing when its options give only losses. */
function highestScore(scored: ReadonlyMap<string, Readonly<Record<string, number>>>): number {
  let total = 0;
  for (const points of scored.values()) total += Math.max(0, ...Object.values(points));
  return total;
}

function parseSchedule(r: InstrumentReader, value: unknown): Schedule {
  const s = r.object(value, 'schedule', ['occasions']);
  const occasions = r.array(s.occasions, 'schedule.occasions', (v, p) => parseOccasion(r, v, p), {
    nonEmpty: true,
  });
  r.unique(
    occasions.map((o) => o.occasion),
    'schedule.occasions',
    'occasion',
    'occasion',
  );
  occasions.forEach((occasion, i) => {
    const p = `schedule.occasions[${i}]`;
    if (occasion.anchor === 'previous') {
      if (i === 0) r.fail(join(p, 'anchor'), 'the first occasion has no previous occasion to count from');
      else if (occasions[i - 1].repeat)
        r.fail(
          join(p, 'anchor'),
          `the previous occasion "${occasions[i - 1].occasion}" repeats, so there is no one day to count from`,
        );
    }
  });
  return { occasions };
}

function parseOccasion(r: InstrumentReader, value: unknown, p: string): Occasion {
  const o = r.object(value, p, [
    'occasion',
    'anchor',
    'offsetDays',
    'windowBeforeDays',
    'windowAfterDays',
    'repeat',
    'continuesAfterExit',
  ]);
  const occasion: Occasion = {
    occasion: r.string(o.occasion, join(p, 'occasion'), ID),
    anchor: r.oneOf(o.anchor, join(p, 'anchor'), SCHEDULE_ANCHORS),
    offsetDays: r.days(o.offsetDays, join(p, 'offsetDays')),
    windowBeforeDays: r.days(o.windowBeforeDays, join(p, 'windowBeforeDays')),
    windowAfterDays: r.days(o.windowAfterDays, join(p, 'windowAfterDays')),
    continuesAfterExit: false,
  };
  if (o.continuesAfterExit !== undefined) {
    occasion.continuesAfterExit = r.boolean(o.continuesAfterExit, join(p, 'continuesAfterExit'));
    if (occasion.anchor === 'exit')
      r.fail(join(p, 'continuesAfterExit'), 'an occasion anchored on the exit is after the exit already');
  }
  // Before the intake there is no participant, and before the occasion it counts from there is no day yet.
  if (occasion.anchor !== 'exit' && occasion.windowBeforeDays > occasion.offsetDays)
    r.fail(
      join(p, 'windowBeforeDays'),
      `opens the window ${occasion.windowBeforeDays - occasion.offsetDays} day(s) before its anchor (${occasion.anchor})`,
    );
  if (o.repeat !== undefined) {
    const rp = join(p, 'repeat');
    const repeat = r.object(o.repeat, rp, ['everyDays']);
    const everyDays = r.days(repeat.everyDays, join(rp, 'everyDays'), { positive: true });
    occasion.repeat = { everyDays };
    if (occasion.anchor === 'exit') r.fail(rp, 'an occasion anchored on the exit happens once');
    // Overlapping windows would let one assessment count for two occasions.
    else if (everyDays > 0 && occasion.windowBeforeDays + occasion.windowAfterDays >= everyDays)
      r.fail(
        join(rp, 'everyDays'),
        `must be more than the window's ${occasion.windowBeforeDays} day(s) before and ${occasion.windowAfterDays} after, or one window overlaps the next`,
      );
  }
  return occasion;
}
