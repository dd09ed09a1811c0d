import { eventually } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import type { AccessAuditEntry, AccessAuditPage } from '../src/audit/access-audit-log.js';
import type { ParticipantRecordRead } from '../src/audit/access-audit-events.js';
import { seedParticipant } from './participants-app/fixtures.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';

/** Every read of a participant is in the audit trail, and auditors can query it (refusals: refusal-audit.int-spec). */
describe('access audit', () => {
  let app: ParticipantsApp;

  beforeAll(async () => {
    app = await startParticipantsApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  async function audit(query: string, jurisdictions = ['denver']): Promise<AccessAuditPage> {
    const token = await app.token('auditor', jurisdictions);
    const response = await fetch(`${app.url}/v1/audit/access-events?${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as AccessAuditPage;
  }

  /**
   * The audit query reads `$all`, which holds back a just-committed entry while an older transaction anywhere in
   * the cluster is open (the event store's xid fence, docs/event-store.md): wait for the entries a test expects.
   */
  function auditShows(query: string, entries: number, jurisdictions = ['denver']): Promise<AccessAuditPage> {
    return eventually(
      () => audit(query, jurisdictions),
      (page) => page.entries.length >= entries,
      `${entries} audit entries for ${query}`,
    );
  }

  async function readAs(subject: string, participantId: string, jurisdiction = 'denver') {
    const token = await app.token('case_manager', [jurisdiction], { subject });
    const response = await fetch(`${app.url}/v1/participants/${participantId}`, {
      headers: { authorization: `Bearer ${token}`, 'x-purpose-of-use': 'case-management' },
    });
    expect(response.status).toBe(200);
  }

  it('answers who read a participant, when, in which role and view, for what purpose', async () => {
    const { participantId } = await seedParticipant(app, 'denver');
    const before = new Date();
    await readAs('cm-alice', participantId);
    await readAs('cm-bob', participantId);
    const page = await auditShows(`participantId=${participantId}`, 2);
    expect(page.entries.map((entry) => (entry.data as ParticipantRecordRead).actor.subject)).toEqual([
      'cm-alice',
      'cm-bob',
    ]);
    const [first] = page.entries as AccessAuditEntry[];
    expect(first).toMatchObject({
      type: 'ParticipantRecordRead',
      jurisdiction: 'denver',
      correlationId: expect.any(String),
    });
    expect(first.data).toMatchObject({
      participantId,
      actor: { agency: 'WOW', role: 'case_manager' },
      view: 'full',
      purpose: 'case-management',
    });
    expect(new Date(first.recordedAt).getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('filters by subject, type and time, and pages with a cursor', async () => {
    const subject = `cm-${randomUUID()}`;
    const participants = await Promise.all([1, 2, 3].map(() => seedParticipant(app, 'denver')));
    for (const { participantId } of participants) await readAs(subject, participantId);
    await auditShows(`subject=${subject}&type=ParticipantRecordRead`, 3);
    const first = await audit(`subject=${subject}&type=ParticipantRecordRead&limit=2`);
    expect(first.entries).toHaveLength(2);
    expect(first.next).toEqual(expect.any(String));
    const second = await audit(
      `subject=${subject}&type=ParticipantRecordRead&limit=2&after=${encodeURIComponent(first.next!)}`,
    );
    expect(
      [...first.entries, ...second.entries].map((entry) => (entry.data as ParticipantRecordRead).participantId),
    ).toEqual(participants.map((participant) => participant.participantId));
    expect(second.next).toBeUndefined();
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await audit(`subject=${subject}&from=${encodeURIComponent(future)}`)).entries).toEqual([]);
  });

  it('shows auditors only their jurisdictions’ reads', async () => {
    const { participantId } = await seedParticipant(app, 'hartford-new-haven');
    await readAs('cm-ct', participantId, 'hartford-new-haven');
    expect((await auditShows(`participantId=${participantId}`, 1, ['hartford-new-haven'])).entries).toHaveLength(1);
    // Once the entry is visible at all, a Denver auditor still does not see it.
    expect((await audit(`participantId=${participantId}`, ['denver'])).entries).toEqual([]);
  });

  it('keeps the audit trail tamper-evident (hash chains verify)', async () => {
    await expect(app.store.verifyAll()).resolves.toMatchObject({ ok: true });
  });

  it('is for auditors only', async () => {
    const token = await app.token('case_manager', ['denver']);
    const response = await fetch(`${app.url}/v1/audit/access-events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(403);
  });
});
