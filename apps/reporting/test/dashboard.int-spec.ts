import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PersonalDataCipher } from '@lead/crypto';
import type { MessageSubject } from '@lead/testing';
import type { CostReport } from '../src/cost-report/cost-report.js';
import type { EquityReport, ReleasedRelativeRate } from '../src/equity-report/equity-report.js';
import type { OutcomeReport } from '../src/outcome-report/outcome-report.js';
import type { ProgramReport } from '../src/program-report/program-report.js';
import { call, eventually, publish, startReportingApp, type ReportingApp } from './reporting-app.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = fileURLToPath(new URL('../../../test-results/dashboard.png', import.meta.url));
const QUERY = 'jurisdiction=denver&period=2026-Q3';
/** No API call is expected to be refused: `<status> <path>` of the ones that are. */
const NO_REFUSAL = /^$/;
const JUSTICE_IMPORTED_AT = '2026-12-01T12:00:00.000Z';

const day = (d: string, time = '17:00:00Z') => `${d}T${time}`;

/** The keys an array element of the reports is named by in a path (`groups[white]`, `steps[45]`). */
const ELEMENT_KEYS = ['point', 'group', 'category', 'name', 'day'];

/**
 * The value at a `data-figure` path of the API's JSON: `participants.0.engaged`, `exits.byReason.moved_away` of the
 * program report; `equity.decisionPoints[enrolled].groups[white].rate.value`, `cost.assumptions.notes.0` of the others
 * (prefixed by the report; `[key]` is the element whose point, group, category, name or day is that key).
 */
function at(json: unknown, path: string): unknown {
  let value = json;
  for (const [, key, element] of path.matchAll(/([^.[\]]+)|\[([^\]]+)\]/g)) {
    if (key !== undefined) value = (value as Record<string, unknown> | undefined)?.[key];
    else {
      const found = (value as Record<string, unknown>[]).filter((item) =>
        ELEMENT_KEYS.some((name) => name in item && String(item[name]) === element),
      );
      expect({ path, element, found: found.length }).toEqual({ path, element, found: 1 });
      value = found[0];
    }
  }
  return value;
}

const percent = (value: number) => `${(Math.round(value * 1000) / 10).toFixed(1)}%`;

/**
 * How the page must show an API value, written out here rather than imported from the page. The program report:
 * withheld (null) as the word, shares as a percentage with one decimal, minutes to one decimal, everything else as
 * the API wrote it. The equity, outcome and cost reports (`exact`: their suppressedBelow is null): null is withheld
 * where the report withholds and "none" where it does not, but an unreached median ("not reached") and an unpriced
 * unit cost ("not priced"); rates, shares and survival as a percentage; other numbers to two decimals; flags yes/no.
 */
function shown(path: string, value: unknown, exact = false): string {
  if (/^(equity|outcomes|cost)\./.test(path)) {
    if (value === null) {
      if (/\.unitCosts\[[^\]]+\]\.value$/.test(path)) return 'not priced';
      if (!exact) return 'withheld';
      return path.endsWith('.medianDays') ? 'not reached' : 'none';
    }
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    if (typeof value !== 'number') return String(value);
    if (/(\.rate\.value|[sS]hare\.value|\.savingsShare|\.steps\[\d+\]\.(survival|lower|upper))$/.test(path))
      return percent(value);
    return String(Math.round(value * 100) / 100);
  }
  if (value === null) return 'withheld';
  if (/(\.rate|Share)\.value$/.test(path)) return percent(value as number);
  if (path.endsWith('Minutes')) return String(Math.round((value as number) * 10) / 10);
  return String(value);
}

/** The four reports of one query, as one JSON: the program report's fields, and the others under their names. */
interface Reports {
  program: ProgramReport;
  equity: EquityReport;
  outcomes: OutcomeReport;
  cost: CostReport;
}
const asJson = (reports: Reports) => ({
  ...reports.program,
  equity: reports.equity,
  outcomes: reports.outcomes,
  cost: reports.cost,
});

const rriPaths = (path: string, rri: ReleasedRelativeRate | null) =>
  rri ? ['index', 'lower', 'upper'].map((key) => `${path}.relativeRate.${key}`) : [];

/** The equity panel's paths for one decision point (and the front door). */
function equityPaths(report: EquityReport, pointName: string): string[] {
  const point = report.decisionPoints.find((p) => p.point === pointName)!;
  const base = `equity.decisionPoints[${point.point}]`;
  return [
    'equity.referenceGroup',
    `${base}.whole.count`,
    `${base}.whole.base`,
    `${base}.whole.rate.value`,
    ...point.groups.flatMap((cell) => {
      const path = `${base}.groups[${cell.group}]`;
      return [`${path}.count`, `${path}.base`, `${path}.rate.value`, ...rriPaths(path, cell.relativeRate)];
    }),
    ...(report.frontDoor?.groups ?? []).flatMap((cell) => {
      const path = `equity.frontDoor.groups[${cell.group}]`;
      return [`${path}.referrals`, `${path}.arrests`, `${path}.rate.value`, ...rriPaths(path, cell.relativeRate)];
    }),
  ];
}

function outcomePaths(report: OutcomeReport): string[] {
  const curves = (['participants', 'comparison'] as const).flatMap((key) => {
    const curve = report.rearrest[key];
    if (!curve) return [];
    const base = `outcomes.rearrest.${key}`;
    return [
      `${base}.persons`,
      `${base}.rearrested`,
      `${base}.medianDays`,
      ...(curve.shownWhileAtRiskAtLeast === null ? [] : [`${base}.shownWhileAtRiskAtLeast`]),
      ...curve.steps.flatMap((step) =>
        ['day', 'atRisk', 'events', 'censored', 'survival', 'lower', 'upper'].map(
          (field) => `${base}.steps[${step.day}].${field}`,
        ),
      ),
    ];
  });
  return [
    'outcomes.participants',
    'outcomes.followUp.coveredThrough',
    'outcomes.followUp.censoredOn',
    'outcomes.followUp.followed',
    ...curves,
    ...(report.rearrest.logRank ? ['outcomes.rearrest.logRank.chiSquare', 'outcomes.rearrest.logRank.pValue'] : []),
  ];
}

function costPaths(report: CostReport): string[] {
  const sides = (path: string) => ['before', 'after', 'change'].map((side) => `${path}.${side}`);
  return [
    'cost.currency',
    'cost.participants',
    'cost.followed',
    'cost.censoredOn',
    'cost.personMonths',
    ...report.legalSystem.categories.flatMap((category) => {
      const path = `cost.legalSystem.categories[${category.category}]`;
      return ['before.count', 'before.cost', 'after.count', 'after.cost', 'change'].map((key) => `${path}.${key}`);
    }),
    ...sides('cost.legalSystem.total'),
    ...sides('cost.legalSystem.perPersonMonth'),
    ...[
      'costPerParticipantMonth',
      'periodParticipantMonths',
      'periodCost',
      'cohortParticipantMonths',
      'cohortCost',
    ].map((key) => `cost.program.${key}`),
    ...[
      'systemAsUsualPerPersonMonth',
      'withProgramPerPersonMonth',
      'savingsPerPersonMonth',
      'savings',
      'savingsShare',
    ].map((key) => `cost.estimate.${key}`),
    'cost.assumptions.protocolVersion',
    ...report.assumptions.unitCosts.flatMap((unit) =>
      ['value', 'source', 'unpublished'].map((key) => `cost.assumptions.unitCosts[${unit.name}].${key}`),
    ),
    'cost.assumptions.window',
    'cost.assumptions.systemAsUsual',
    ...report.assumptions.notes.map((_, index) => `cost.assumptions.notes.${index}`),
  ];
}

/** Every figure of the four panels' reports, the equity panel at that decision point. */
const allPaths = (reports: Reports, equityPoint = 'enrolled') =>
  [
    ...expectedPaths(reports.program),
    ...equityPaths(reports.equity, equityPoint),
    ...outcomePaths(reports.outcomes),
    ...costPaths(reports.cost),
  ].sort();

/** Whether the report of that path gives exact figures (then none of its nulls is withheld). */
function exactAt(reports: Reports, path: string): boolean {
  const report = /^(equity|outcomes|cost)\./.test(path)
    ? reports[path.split('.')[0] as 'equity' | 'outcomes' | 'cost']
    : reports.program;
  return report.suppressedBelow === null;
}

/** Every figure the dashboard must show for a program report: the same paths the page writes. */
function expectedPaths(report: ProgramReport): string[] {
  const byKey = (prefix: string, counts: Record<string, unknown>) => Object.keys(counts).map((k) => `${prefix}.${k}`);
  return [
    'jurisdiction',
    'period.label',
    'period.firstDay',
    'period.lastDay',
    'asOf',
    'referrals.total',
    'screening.eligible',
    'prosecutor.eligible',
    'offers.accepted',
    'enrolment.enrolled',
    'enrolment.rate.value',
    'handOff.handOffs',
    'handOff.medianMinutes',
    'handOff.p90Minutes',
    'handOff.withinTarget',
    'handOff.withinTargetShare.value',
    ...report.participants.flatMap((_, i) =>
      ['month', 'active', 'engaged', 'low', 'inactive'].map((key) => `participants.${i}.${key}`),
    ),
    'exits.total',
    ...byKey('exits.byReason', report.exits.byReason),
    'charges.declined',
    ...byKey('charges.declinedByReason', report.charges.declinedByReason),
    'charges.released',
    ...byKey('charges.releasedByReason', report.charges.releasedByReason),
    'charges.filed',
  ].sort();
}

interface Watched {
  page: Page;
  consoleErrors: string[];
  requests: { url: string; authorization: string | undefined }[];
}

/**
 * A small Denver quarter (2026-Q3) as the other services publish it: ten arrest diversions and two social contacts,
 * screening (two excluded), the prosecutor (one override), offers (one declined), hand-offs of 10…45 minutes,
 * enrolment, intakes, a change of engagement, two exits and held charges declined and released. From
 * program-report.int-spec.ts, without what only that file checks.
 */
describe('the program dashboard, in headless Chromium', () => {
  let app: ReportingApp;
  let browser: Browser;
  let published = 0;

  async function send(subject: MessageSubject, type: Parameters<typeof publish>[2], data: unknown, time: string) {
    await publish(app, subject, type, data as never, time);
    published += 1;
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium (.ci/run does), or set CHROMIUM_PATH`);
    // The service's day is after Q4 2026's release (2027-01-31), so evaluators are given everything recorded here too.
    app = await startReportingApp({}, new Date('2027-02-01T12:00:00Z'));
    const cipher = app.app.get(PersonalDataCipher);
    const importId = randomUUID();
    const justice = (subject: MessageSubject, occurredOn: string, kind: string, more: object = {}) =>
      send(
        subject,
        'lead.justice.record-imported',
        { occurredOn, kind, district: 'D1', importId, coveredThrough: '2026-11-30', ...more },
        JUSTICE_IMPORTED_AT,
      );
    for (let i = 0; i < 14; i++) {
      const subject = { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() };
      const referralId = randomUUID();
      const referredAt = day(`2026-07-${String(i + 1).padStart(2, '0')}`);
      await send(
        subject,
        'lead.referral.recorded',
        {
          referralId,
          door: i < 10 ? 'arrest_diversion' : 'social_contact',
          district: i % 2 === 0 ? 'D1' : 'D2',
          referredBy: { agency: 'DPD', staffId: 'officer-1' },
          referredAt,
          ...(i < 10 ? { offenseCode: 'CO-18-18-403.5' } : {}),
          protocolVersion: '2026-12',
        },
        referredAt,
      );
      const excluded = i >= 12;
      await send(
        subject,
        'lead.referral.screened',
        {
          referralId,
          protocolVersion: '2026-12',
          outcome: excluded ? 'ineligible' : 'eligible',
          criteria: [
            { criterion: 'divertible_offense', outcome: 'pass' },
            { criterion: 'violent_history', outcome: excluded ? 'exclude' : 'pass' },
          ],
        },
        referredAt,
      );
      if (excluded) {
        await send(
          subject,
          'lead.referral.closed',
          { referralId, reason: 'ineligible', closedAt: referredAt },
          referredAt,
        );
        continue;
      }
      if (i < 10) {
        const overridden = i === 9;
        await send(
          subject,
          'lead.referral.prosecutor-eligibility-decided',
          {
            referralId,
            decision: overridden ? 'overridden' : 'confirmed',
            outcome: overridden ? 'ineligible' : 'eligible',
            reasonCode: overridden ? 'pending_case_elsewhere' : 'meets_protocol',
            prosecutorAgency: 'DDA',
            decidedAt: referredAt,
          },
          referredAt,
        );
        if (overridden) {
          await send(
            subject,
            'lead.referral.closed',
            { referralId, reason: 'prosecutor_found_ineligible', closedAt: referredAt },
            referredAt,
          );
          continue;
        }
      }
      if (i === 8) {
        await send(subject, 'lead.referral.offer-declined', { referralId, answeredAt: referredAt }, referredAt);
        await send(
          subject,
          'lead.referral.closed',
          { referralId, reason: 'declined_by_person', closedAt: referredAt },
          referredAt,
        );
        continue;
      }
      if (i > 8) continue; // social contacts 10 and 11: still open
      await send(subject, 'lead.referral.offer-accepted', { referralId, answeredAt: referredAt }, referredAt);
      const minutes = 10 + i * 5;
      await send(
        subject,
        'lead.referral.handed-off',
        {
          referralId,
          calledAt: referredAt,
          arrivedAt: referredAt,
          minutesFromCall: minutes,
          withinTarget: minutes <= 30,
          targetMinutes: 30,
          caseManagerAgency: 'ARTS',
        },
        referredAt,
      );
      await send(subject, 'lead.referral.accepted', { referralId, acceptedAt: referredAt }, referredAt);
      const caseId = randomUUID();
      const matterId = randomUUID();
      await send(
        subject,
        'lead.prosecution.charge-held',
        {
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: referredAt.slice(0, 10),
          intakeDeadline: '2026-08-30',
        },
        referredAt,
      );
      await send(
        subject,
        'lead.case.opened',
        { caseId, referralId, providerAgency: 'ARTS', openedAt: referredAt },
        referredAt,
      );
      // Race and ethnicity at intake, sealed with the participant's key as case management publishes them.
      const raceEthnicity = [['white'], ['black_african_american_african'], ['hispanic_latina_e_o', 'white']][i % 3];
      await send(
        subject,
        'lead.case.demographics-recorded',
        {
          caseId,
          recordedAt: referredAt,
          demographics: await cipher.seal(subject.participantId, { raceEthnicity, sex: 'male' }),
        },
        referredAt,
      );
      // The justice-system import (complete through 30 November): before entry, the diverted arrest, re-arrests.
      if (i === 0) {
        await justice(subject, '2026-06-10', 'arrest');
        await justice(subject, '2026-06-10', 'booking');
        await justice(subject, '2026-06-11', 'charge', { offenseCode: 'CO-18-18-403.5', felony: true });
        await justice(subject, '2026-06-13', 'jail_release', { jailDays: 3 });
        await justice(subject, '2026-07-01', 'arrest');
        await justice(subject, '2026-08-20', 'arrest');
        await justice(subject, '2026-08-21', 'charge', { offenseCode: 'CO-18-18-403.5', felony: false });
      }
      if (i === 1) {
        await justice(subject, '2026-05-02', 'arrest');
        await justice(subject, '2026-10-15', 'arrest');
      }
      if (i === 2) await justice(subject, '2026-09-01', 'arrest');
      if (i <= 5) {
        const completedOn = `2026-07-${String(i + 10).padStart(2, '0')}`;
        await send(
          subject,
          'lead.case.intake-completed',
          { caseId, completedOn, deadline: { due: '2026-07-14', met: i <= 4 }, releaseOfInformationSigned: true },
          day(completedOn),
        );
      }
      if (i <= 4)
        await send(
          subject,
          'lead.prosecution.charge-declined',
          { matterId, reason: 'intake_completed', declinedOn: '2026-07-20' },
          day('2026-07-20'),
        );
      if (i === 6)
        await send(
          subject,
          'lead.prosecution.charge-released',
          { matterId, reason: 'intake_deadline_passed', releasedOn: '2026-08-30' },
          day('2026-08-30'),
        );
      if (i === 0)
        await send(
          subject,
          'lead.case.engagement-changed',
          { caseId, level: 'low', previousLevel: 'engaged', reengaged: false, changedOn: '2026-08-10' },
          day('2026-08-10'),
        );
      if (i === 6 || i === 7)
        await send(
          subject,
          'lead.case.exited',
          { caseId, reason: i === 6 ? 'incarcerated' : 'moved_away', exitedAt: day(`2026-09-${15 + i}`) },
          day(`2026-09-${15 + i}`),
        );
    }
    // The comparison cohort (people arrested outside LEAD): arrests by district and group in July for the front
    // door, and their time to re-arrest from an index arrest in 2026-Q3, followed up to 400 days.
    const arrests = (district: string, equityGroup: string, count: number) => ({
      district,
      month: '2026-07',
      equityGroup,
      arrests: count,
      charges: 0,
      felonyCharges: 0,
      bookings: 0,
      jailDays: 0,
      prisonAdmissions: 0,
    });
    const survival = (days: number, outcome: string, people: number) => ({
      district: 'D1',
      indexYear: 2026,
      indexQuarter: 3,
      equityGroup: 'white',
      day: days,
      outcome,
      people,
    });
    await send(
      { participantId: randomUUID(), jurisdiction: 'denver', correlationId: randomUUID() },
      'lead.justice.comparison-counted',
      {
        comparisonId: randomUUID(),
        importId,
        coveredThrough: '2026-11-30',
        part: 1,
        parts: 1,
        counts: [
          arrests('D1', 'white', 40),
          arrests('D2', 'white', 20),
          arrests('D1', 'black_african_american_african', 50),
          arrests('D2', 'multiple', 15),
        ],
        survival: [
          survival(45, 'rearrested', 3),
          survival(120, 'censored', 2),
          survival(200, 'rearrested', 2),
          survival(300, 'censored', 3),
          survival(400, 'censored', 4),
        ],
      },
      JUSTICE_IMPORTED_AT,
    );
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === published,
      'every published event to be projected',
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A fresh browser context on /dashboard, recording console errors, CSP violations and every request. */
  async function openDashboard(): Promise<Watched> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    const requests: Watched['requests'] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} @ ${message.location().url}`);
    });
    page.on('pageerror', (error) => consoleErrors.push(`page error: ${error.message}`));
    page.on('request', (request) =>
      requests.push({ url: request.url(), authorization: request.headers()['authorization'] }),
    );
    // Browser code as text: this project's TypeScript has no DOM types.
    await page.addInitScript(
      `window.cspViolations = [];
       document.addEventListener('securitypolicyviolation', (event) =>
         window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI));`,
    );
    const answer = await page.goto(`${app.url}/dashboard`);
    expect(answer?.status()).toBe(200);
    return { page, consoleErrors, requests };
  }

  async function signInAndChoose(page: Page, token: string) {
    await page.fill('#token', token);
    await page.click('#token-form button[type=submit]');
    await page.selectOption('#jurisdiction', 'denver');
    await page.fill('#period', '2026-Q3');
    await page.click('#filters button[type=submit]');
  }

  /** What the page shows under each `data-figure`, once the program report and the other panels have settled. */
  async function shownFigures(page: Page): Promise<Record<string, string>> {
    await page.waitForSelector('#status[data-state="ready"]');
    // Polled with evaluate (the debugging protocol, which the page's CSP does not govern): waitForFunction compiles
    // its predicate in the page, and the page's CSP (no 'unsafe-eval') refuses that now and then.
    await eventually(
      () =>
        page.evaluate(
          `[...document.querySelectorAll('.availability')].every(
             (element) => !['idle', 'loading'].includes(element.dataset.status))`,
        ),
      (settled) => settled === true,
      'every panel to settle',
    );
    const figures: [string, string][] = await page.evaluate(
      `[...document.querySelectorAll('[data-figure]')].map((element) =>
         [element.dataset.figure, element.textContent.trim()])`,
    );
    expect(new Set(figures.map(([path]) => path)).size).toBe(figures.length);
    return Object.fromEntries(figures);
  }

  /**
   * No CSP violation and no console error, but for the browser's own line about a refused API call it was told to
   * expect (Chromium logs every 4xx/5xx answer as "Failed to load resource"): by default none, an officer's 403.
   */
  async function expectNothingBlocked(watched: Watched, expectedRefusals: RegExp = NO_REFUSAL) {
    expect(await watched.page.evaluate('window.cspViolations')).toEqual([]);
    const refusal = /^Failed to load resource: the server responded with a status of \d{3} .* @ (\S+)$/;
    const unexpected = watched.consoleErrors.filter((error) => {
      const match = refusal.exec(error);
      return !match || !expectedRefusals.test(`${error.match(/status of (\d{3})/)![1]} ${new URL(match[1]).pathname}`);
    });
    expect(unexpected).toEqual([]);
  }

  /** The token reached the server only in the Authorization header of API calls, and stayed in sessionStorage. */
  async function expectTokenOnlyInApiCalls(watched: Watched, token: string) {
    for (const { url, authorization } of watched.requests) {
      expect(url).not.toContain(token);
      const api = new URL(url).pathname.startsWith('/v1/');
      expect({ url, authorization }).toEqual({ url, authorization: api ? `Bearer ${token}` : undefined });
    }
    const storage = await watched.page.evaluate(
      '({ local: localStorage.length, session: Object.keys(sessionStorage), cookie: document.cookie })',
    );
    expect(storage).toEqual({ local: 0, session: ['lead.dashboard.token'], cookie: '' });
  }

  it('serves the page and its files with strict headers, the chart library from node_modules', async () => {
    const page = await fetch(`${app.url}/dashboard`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe');
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(/\sstyle=|<style/);
    const chart = await fetch(`${app.url}/dashboard/assets/chart.umd.min.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(chart.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await chart.text()).toContain('Chart.js v4.6.1');
    for (const asset of ['dashboard.mjs', 'figures.mjs', 'dashboard.css', 'favicon.svg'])
      expect((await fetch(`${app.url}/dashboard/assets/${asset}`)).status).toBe(200);
    for (const asset of ['index.html', '..%2Fdashboard.controller.ts', 'chart.js', 'nothing.js'])
      expect((await fetch(`${app.url}/dashboard/assets/${asset}`)).status).toBe(404);
  });

  /** The four reports the page asks for, as the API answers them to that token. */
  async function reportsFor(token: string): Promise<Reports> {
    const get = async (route: string) => {
      const answer = await call(app, `/v1/reports/${route}?${QUERY}`, token);
      expect({ route, status: answer.status }).toEqual({ route, status: 200 });
      return answer.body as unknown;
    };
    return {
      program: (await get('program')) as ProgramReport,
      equity: (await get('equity')) as EquityReport,
      outcomes: (await get('outcomes')) as OutcomeReport,
      cost: (await get('cost')) as CostReport,
    };
  }

  /**
   * Every `data-figure` the page shows is exactly the expected set and shows the API's value at its path; every
   * survival reading (`data-figure-of`, the step it is read from) shows that step's value.
   */
  async function expectFigures(page: Page, reports: Reports, equityPoint = 'enrolled') {
    const figures = await shownFigures(page);
    expect(Object.keys(figures).sort()).toEqual(allPaths(reports, equityPoint));
    const json = asJson(reports);
    for (const [path, text] of Object.entries(figures))
      expect({ path, text }).toEqual({ path, text: shown(path, at(json, path), exactAt(reports, path)) });
    const readings: [string, string][] = await page.evaluate(
      `[...document.querySelectorAll('[data-figure-of]')].map((element) =>
         [element.dataset.figureOf, element.textContent.trim()])`,
    );
    for (const [path, text] of readings)
      expect({ path, text }).toEqual({ path, text: shown(path, at(json, path), exactAt(reports, path)) });
    return { figures, readings: readings.map(([path]) => path) };
  }

  it('shows a program admin the figures the API answers, and saves a screenshot', async () => {
    const admin = await app.token('program_admin', ['denver']);
    const reports = await reportsFor(admin);
    const { program: report, equity, outcomes, cost } = reports;
    expect(report.referrals.total).toBe(14);
    expect(report.suppressedBelow).toBeNull();
    // What the history gives the other reports: race at intake, re-arrests, a comparison cohort, priced costs.
    const enrolled = equity.decisionPoints.find((p) => p.point === 'enrolled')!;
    expect(enrolled.groups.find((g) => g.group === 'white')!.count).toBe(3);
    expect(enrolled.groups.find((g) => g.group === 'black_african_american_african')!.relativeRate).not.toBeNull();
    expect(equity.frontDoor?.districts).toEqual(['D1', 'D2']);
    expect(outcomes.participants).toBe(8);
    expect(outcomes.rearrest.participants.rearrested).toBe(3);
    expect(outcomes.rearrest.comparison).toMatchObject({ persons: 14, rearrested: 5 });
    expect(cost.legalSystem.total.before).toBeGreaterThan(0);

    const watched = await openDashboard();
    await signInAndChoose(watched.page, admin);
    const { figures, readings } = await expectFigures(watched.page, reports);
    expect(figures['handOff.medianMinutes']).toBe('27.5');
    expect(figures['handOff.withinTargetShare.value']).toBe('62.5%');
    expect(figures['equity.decisionPoints[enrolled].groups[white].count']).toBe('3');
    expect(Object.values(figures)).not.toContain('withheld');
    for (const panel of ['equity', 'outcomes', 'cost'])
      expect({ panel, status: await watched.page.getAttribute(`#${panel} .availability`, 'data-status') }).toEqual({
        panel,
        status: 'shown',
      });
    // Unstable rates are flagged beside the figure and on the chart's labels (every base here is under 20).
    expect(await watched.page.locator('#equity-figures .flag', { hasText: 'unstable' }).count()).toBeGreaterThan(0);
    // Survival read at 180 and 365 days from the comparison's steps (45, 120, 200, 300, 400).
    expect(readings).toEqual(
      expect.arrayContaining([
        'outcomes.rearrest.comparison.steps[120].survival',
        'outcomes.rearrest.comparison.steps[300].survival',
      ]),
    );
    // The cost estimate with its assumptions beside it.
    expect(await watched.page.textContent('#cost-figures .assumptions')).toContain(cost.assumptions.protocolVersion);

    mkdirSync(dirname(SCREENSHOT), { recursive: true });
    await watched.page.screenshot({ path: SCREENSHOT, fullPage: true });
    console.log(`dashboard screenshot: ${SCREENSHOT}`);

    // Another decision point: the equity panel's figures are that point's.
    await watched.page.selectOption('#equity-point', 'referred');
    await watched.page.waitForSelector('[data-figure="equity.decisionPoints[referred].whole.count"]');
    await expectFigures(watched.page, reports, 'referred');

    await expectNothingBlocked(watched);
    await expectTokenOnlyInApiCalls(watched, admin);
    await watched.page.context().close();
  }, 60_000);

  it('shows an evaluator "withheld" wherever the API answers null, never 0', async () => {
    const evaluator = await app.token('evaluator', ['denver']);
    const reports = await reportsFor(evaluator);
    const report = reports.program;
    expect(report.suppressedBelow).toBe(11);
    for (const name of ['equity', 'outcomes', 'cost'] as const) expect(reports[name].suppressedBelow).toBe(11);
    const watched = await openDashboard();
    await signInAndChoose(watched.page, evaluator);
    const { figures } = await expectFigures(watched.page, reports);
    const json = asJson(reports);
    const withheld = Object.keys(figures).filter((path) => at(json, path) === null && !path.includes('.unitCosts['));
    expect(withheld).toEqual(
      expect.arrayContaining([
        'enrolment.enrolled',
        'handOff.medianMinutes',
        'equity.decisionPoints[enrolled].groups[white].count',
        'outcomes.participants',
        'cost.legalSystem.total.before',
      ]),
    );
    for (const path of withheld) expect({ path, text: figures[path] }).toEqual({ path, text: 'withheld' });
    expect(figures['referrals.total']).toBe('14');
    await expectNothingBlocked(watched);
    await expectTokenOnlyInApiCalls(watched, evaluator);
    await watched.page.context().close();
  }, 60_000);

  it('shows "not available" for a report endpoint that answers 404 or 501, or cannot be reached', async () => {
    const admin = await app.token('program_admin', ['denver']);
    const watched = await openDashboard();
    // Whatever the service answers today, the browser gets these: the panels must survive an endpoint not there.
    const problem = (status: number) => ({
      status,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'Not there', status }),
    });
    await watched.page.route('**/v1/reports/equity?*', (route) => route.fulfill(problem(404)));
    await watched.page.route('**/v1/reports/cost?*', (route) => route.fulfill(problem(501)));
    await watched.page.route('**/v1/reports/outcomes?*', (route) => route.abort('connectionrefused'));
    await signInAndChoose(watched.page, admin);
    await shownFigures(watched.page);
    for (const panel of ['equity', 'outcomes', 'cost'])
      expect({ panel, availability: await watched.page.textContent(`#${panel} .availability`) }).toEqual({
        panel,
        availability: 'not available',
      });
    expect(await watched.page.textContent('[data-figure="referrals.total"]')).toBe('14');
    expect(await watched.page.evaluate('window.cspViolations')).toEqual([]);
    // The browser logs the refused and the failed loads; nothing else.
    expect(
      watched.consoleErrors.filter(
        (error) => !/^Failed to load resource: .*(404|501|ERR_CONNECTION_REFUSED).* @ \S+\/v1\/reports\//.test(error),
      ),
    ).toEqual([]);
    await watched.page.context().close();
  }, 60_000);

  it('asks the API nothing until a token is pasted', async () => {
    const watched = await openDashboard();
    await watched.page.waitForLoadState('networkidle');
    await watched.page.fill('#period', '2026-Q3');
    await watched.page.click('#filters button[type=submit]');
    await watched.page.waitForSelector('#message[data-kind="invalid"]');
    await watched.page.waitForTimeout(300);
    const paths = watched.requests.map(({ url }) => new URL(url).pathname);
    expect(paths.filter((path) => !path.startsWith('/dashboard'))).toEqual([]);
    expect(watched.requests.every(({ authorization }) => authorization === undefined)).toBe(true);
    await expectNothingBlocked(watched);
    await watched.page.context().close();
  });

  it('shows an officer the API’s 403 as a refusal', async () => {
    const officer = await app.token('officer', ['denver']);
    expect((await call(app, `/v1/reports/program?${QUERY}`, officer)).status).toBe(403);
    const watched = await openDashboard();
    await signInAndChoose(watched.page, officer);
    await watched.page.waitForSelector('#status[data-state="refused"]');
    const message = await watched.page.textContent('#message[data-kind="refused"]');
    expect(message).toContain('Refused (403)');
    expect(await watched.page.isHidden('#report')).toBe(true);
    expect(await watched.page.locator('#report [data-figure]:not(:empty)').count()).toBe(0);
    await expectNothingBlocked(watched, /^403 \/v1\/reports\/program$/);
    await expectTokenOnlyInApiCalls(watched, officer);
    await watched.page.context().close();
  }, 60_000);
});
