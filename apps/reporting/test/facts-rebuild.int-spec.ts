import { randomUUID } from 'node:crypto';
import {
  assertValidIntegrationEvent,
  latestContract,
  TOPICS,
  type IntegrationEvent,
  type Topic,
} from '@lead/contracts';
import { EmbeddedTopicPublisher, encodeIntegrationEvent } from '@lead/messaging';
import { SeededRandom } from '@lead/testing';
import { ProgramFactProjection } from '../src/program-facts/program-fact-projection.js';
import { ProgramLog } from '../src/program-log/program-log.js';
import { ProgramFactsRebuild } from '../src/rebuild/program-facts-rebuild.js';
import { RebuildWhenMappingChanged } from '../src/rebuild/rebuild-when-mapping-changed.js';
import { eventually, startReportingApp, type ReportingApp } from './reporting-app.js';

const EVENTS = 10_000;
const JURISDICTIONS = {
  denver: ['1', '2', '6'],
  'san-luis-valley': ['alamosa', 'conejos'],
  'rochester-monroe': ['lake'],
};
const SOURCE: Record<Topic, string> = {
  [TOPICS.referrals]: '/lead/referrals',
  [TOPICS.cases]: '/lead/case-management',
  [TOPICS.prosecution]: '/lead/prosecution',
};

/** A randomized history: participants' journeys, each in causal order, interleaved, over two years. */
function history(random: SeededRandom): IntegrationEvent[] {
  const journeys: IntegrationEvent[][] = [];
  let total = 0;
  while (total < EVENTS) {
    const jurisdiction = random.pick(Object.keys(JURISDICTIONS)) as keyof typeof JURISDICTIONS;
    const subject = { participantId: randomUUID(), jurisdiction, correlationId: randomUUID() };
    let clock = Date.parse('2025-01-01T00:00:00Z') + random.int(700) * 86_400_000 + random.int(86_400_000);
    const at = () => new Date((clock += random.int(20) * 86_400_000 + random.int(86_400_000))).toISOString();
    const day = () => at().slice(0, 10);
    const events: IntegrationEvent[] = [];
    const add = (type: string, data: Record<string, unknown>, time = new Date(clock).toISOString()) =>
      events.push({
        id: randomUUID(),
        type,
        schemaVersion: latestContract(type)!.version,
        source:
          SOURCE[
            type.startsWith('lead.case.')
              ? TOPICS.cases
              : type.startsWith('lead.prosecution.')
                ? TOPICS.prosecution
                : TOPICS.referrals
          ],
        time,
        ...subject,
        causationId: null,
        data,
      });
    const referralId = randomUUID();
    const arrest = random.int(3) > 0;
    add('lead.referral.recorded', {
      referralId,
      door: arrest ? 'arrest_diversion' : random.pick(['social_contact', 'community']),
      district: random.pick(JURISDICTIONS[jurisdiction]),
      referredBy: { agency: 'DPD', staffId: `officer-${random.int(30)}` },
      referredAt: at(),
      ...(arrest ? { offenseCode: 'CO-18-18-403.5' } : {}),
      protocolVersion: '2026-12',
    });
    const eligible = random.int(5) > 0;
    add('lead.referral.screened', {
      referralId,
      protocolVersion: '2026-12',
      outcome: eligible ? 'eligible' : 'ineligible',
      criteria: [{ criterion: 'violent_history', outcome: eligible ? 'pass' : 'exclude' }],
    });
    if (eligible) {
      add('lead.referral.offer-accepted', { referralId, answeredAt: at() });
      add('lead.referral.handed-off', {
        referralId,
        calledAt: at(),
        arrivedAt: at(),
        minutesFromCall: random.int(120),
        withinTarget: random.int(2) === 0,
        targetMinutes: 60,
        caseManagerAgency: 'ARTS',
      });
      add('lead.referral.accepted', { referralId, acceptedAt: at() });
      const caseId = randomUUID();
      add('lead.case.opened', { caseId, referralId, providerAgency: 'ARTS', openedAt: at() });
      if (arrest) {
        const matterId = randomUUID();
        add('lead.prosecution.charge-held', {
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: day(),
          intakeDeadline: day(),
        });
        if (random.int(2) === 0)
          add('lead.prosecution.charge-declined', { matterId, reason: 'intake_completed', declinedOn: day() });
      }
      add('lead.case.intake-completed', { caseId, completedOn: day(), releaseOfInformationSigned: true });
      for (let i = random.int(12); i > 0; i--)
        add('lead.case.contact-logged', { caseId, contactKind: 'in_person', successful: true, contactedOn: day() });
      if (random.int(3) === 0)
        add('lead.case.engagement-changed', {
          caseId,
          level: 'low',
          previousLevel: 'engaged',
          reengaged: false,
          changedOn: day(),
        });
      if (random.int(3) === 0) add('lead.case.exited', { caseId, reason: 'moved_away', exitedAt: at() });
    } else add('lead.referral.closed', { referralId, reason: 'ineligible', closedAt: at() });
    journeys.push(events);
    total += events.length;
  }
  // Interleave the journeys as the services would publish them: each participant's in order, all mixed.
  const out: IntegrationEvent[] = [];
  const cursors = journeys.map(() => 0);
  while (out.length < total) {
    const j = random.int(journeys.length);
    if (cursors[j] < journeys[j].length) out.push(journeys[j][cursors[j]++]);
  }
  return out.slice(0, EVENTS);
}

/**
 * The facts as the consumer built them, event by event, with a rebuild switched in while events were still arriving,
 * equal the facts a rebuild from the log gives; an event applied twice changes nothing; a facts table of another
 * mapping version is rebuilt at start-up.
 */
describe('the program facts over a randomized 10,000-event history', () => {
  let app: ReportingApp;
  const facts = async () =>
    (await app.db.query(`SELECT * FROM "${app.schema}".program_facts ORDER BY event_id`)).rows as unknown[];

  beforeAll(async () => {
    app = await startReportingApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('rebuilds while events arrive, and the rebuild equals the live table', async () => {
    const events = history(new SeededRandom(20261203));
    for (const event of events) assertValidIntegrationEvent(event);
    const publisher = new EmbeddedTopicPublisher(app.store);
    const topicOf = (event: IntegrationEvent): Topic =>
      event.type.startsWith('lead.case.')
        ? TOPICS.cases
        : event.type.startsWith('lead.prosecution.')
          ? TOPICS.prosecution
          : TOPICS.referrals;
    let rebuilding: Promise<unknown> | undefined;
    for (let i = 0; i < events.length; i += 250) {
      const page = events.slice(i, i + 250);
      for (const topic of Object.values(TOPICS)) {
        const messages = page.filter((e) => topicOf(e) === topic).map(encodeIntegrationEvent);
        if (messages.length > 0) await publisher.publish([{ topic, messages }]);
      }
      // Halfway: rebuild beside the live table while the rest is still arriving.
      if (i === 5000) rebuilding = app.app.get(ProgramFactsRebuild).run();
    }
    const during = await rebuilding;
    expect(during).toMatchObject({ skipped: false });
    await eventually(
      async () => (await app.db.query(`SELECT count(*)::int AS n FROM "${app.schema}".program_facts`)).rows[0].n,
      (n: number) => n === EVENTS,
      'the whole history to be projected',
      120_000,
    );
    const live = await facts();
    expect(live).toHaveLength(EVENTS);

    // Applied again, every event leaves the rows as they are.
    const log = app.app.get(ProgramLog);
    await app.app.get(ProgramFactProjection).applyTo(app.db, 'program_facts', await log.readAfter(app.db, '0', EVENTS));
    expect(await facts()).toEqual(live);

    const rebuilt = await app.app.get(ProgramFactsRebuild).run();
    expect(rebuilt).toMatchObject({ skipped: false, events: EVENTS });
    expect(await facts()).toEqual(live);
  }, 240_000);

  it('rebuilds at start-up a facts table another mapping version built, and not one of its own', async () => {
    const live = await facts();
    await app.db.query(`UPDATE "${app.schema}".read_model_versions SET version = 0 WHERE model = 'program_facts'`);
    const starter = app.app.get(RebuildWhenMappingChanged);
    await starter.onApplicationBootstrap();
    await starter.running;
    const { rows } = await app.db.query(`SELECT version FROM "${app.schema}".read_model_versions`);
    expect(rows).toEqual([{ version: 1 }]);
    expect(await facts()).toEqual(live);
    starter.running = undefined;
    await starter.onApplicationBootstrap();
    expect(starter.running).toBeUndefined();
  });
});
