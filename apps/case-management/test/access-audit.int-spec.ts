import { PARTICIPANT_RECORD_READ, type AccessAuditEntry, type ParticipantRecordRead, type Role } from '@lead/access';
import {
  AGENCIES,
  DENVER,
  preparedCase,
  SAN_LUIS_VALLEY,
  staffOf,
  type Jurisdiction,
  type PreparedCase,
} from './case-fixtures.js';
import { call, CASE_WORK, startCaseManagementApp, type CaseManagementApp } from './case-management-app.js';

const PEOPLE = {
  [DENVER]: { name: 'Evangelina Whitcombe', dateOfBirth: '1983-06-21', phone: '720-555-0199' },
  [SAN_LUIS_VALLEY]: { name: 'Bartholomew Quintanilla', dateOfBirth: '1975-12-02', phone: '719-555-0123' },
};

/**
 * `GET /v1/audit/access-events` on the case-management service: a case read in one jurisdiction is audited, and
 * only that jurisdiction's auditors find it (who, when, for what purpose); another jurisdiction's auditor gets
 * nothing of it, every other role a 403, and a malformed query a 400 naming the field.
 */
describe('case-management access audit', () => {
  let app: CaseManagementApp;
  let denver: PreparedCase;
  let slv: PreparedCase;
  let readFrom: string;
  let readTo: string;

  const tokenFor = (role: Role, jurisdiction: Jurisdiction) =>
    app.token(role, [jurisdiction], { agency: AGENCIES[jurisdiction][role], subject: staffOf(role, jurisdiction) });
  const audit = async (role: Role, jurisdiction: Jurisdiction, query = '') =>
    call(app, 'GET', `/v1/audit/access-events${query}`, await tokenFor(role, jurisdiction));
  const entriesOf = (body: Record<string, unknown>) => body.entries as AccessAuditEntry[];

  beforeAll(async () => {
    app = await startCaseManagementApp();
    denver = await preparedCase(app, DENVER, { assigned: true, intake: PEOPLE[DENVER] });
    slv = await preparedCase(app, SAN_LUIS_VALLEY, { assigned: true, intake: PEOPLE[SAN_LUIS_VALLEY] });
    readFrom = new Date().toISOString();
    for (const [jurisdiction, worked] of [
      [DENVER, denver],
      [SAN_LUIS_VALLEY, slv],
    ] as const) {
      const read = await call(
        app,
        'GET',
        `/v1/cases/${worked.caseId}`,
        await tokenFor('case_manager', jurisdiction),
        undefined,
        CASE_WORK,
      );
      expect(read.status).toBe(200);
    }
    readTo = new Date(Date.now() + 1).toISOString();
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it("answers the jurisdiction's auditor who read the participant's record, when and for what purpose", async () => {
    const answer = await audit('auditor', DENVER, `?participantId=${denver.participantId}`);
    expect(answer.status).toBe(200);
    const entries = entriesOf(answer.body);
    expect(entries).toHaveLength(1);
    const [entry] = entries;
    expect(entry).toMatchObject({ type: PARTICIPANT_RECORD_READ, jurisdiction: DENVER });
    const read = entry!.data as ParticipantRecordRead;
    expect(read).toMatchObject({
      participantId: denver.participantId,
      jurisdiction: DENVER,
      actor: { subject: staffOf('case_manager', DENVER), agency: AGENCIES[DENVER].case_manager, role: 'case_manager' },
      purpose: 'case-management',
      route: 'GET /v1/cases/:caseId',
      outcome: 'disclosed',
    });
    expect(read.readAt >= readFrom && read.readAt < readTo).toBe(true);
    expect(entry!.recordedAt >= readFrom && entry!.recordedAt < readTo).toBe(true);
    // The audit names the participant by id only: none of the record's personal values.
    expect(JSON.stringify(answer.body)).not.toContain(PEOPLE[DENVER].name);

    // The same entry by the reader, by type and by time; none outside the time range.
    for (const query of [
      `?subject=${staffOf('case_manager', DENVER)}`,
      `?type=${PARTICIPANT_RECORD_READ}`,
      `?from=${readFrom}&to=${readTo}`,
    ]) {
      const found = await audit('auditor', DENVER, query);
      expect({ query, status: found.status }).toEqual({ query, status: 200 });
      expect(entriesOf(found.body).map((e) => e.eventId)).toContain(entry!.eventId);
      expect(entriesOf(found.body).some((e) => e.jurisdiction === SAN_LUIS_VALLEY)).toBe(false);
    }
    const before = await audit('auditor', DENVER, `?participantId=${denver.participantId}&to=${readFrom}`);
    expect(entriesOf(before.body)).toEqual([]);
  });

  it("gives another jurisdiction's auditor nothing of it", async () => {
    const asked = await audit('auditor', SAN_LUIS_VALLEY, `?participantId=${denver.participantId}`);
    expect(asked.status).toBe(200);
    expect(entriesOf(asked.body)).toEqual([]);
    for (const query of ['', `?subject=${staffOf('case_manager', DENVER)}`, `?type=${PARTICIPANT_RECORD_READ}`]) {
      const answer = await audit('auditor', SAN_LUIS_VALLEY, query);
      expect({ query, status: answer.status }).toEqual({ query, status: 200 });
      const entries = entriesOf(answer.body);
      // Its own read is there; nothing of Denver's (entries of no jurisdiction are refusals before authentication).
      if (query !== `?subject=${staffOf('case_manager', DENVER)}`)
        expect(entries.some((e) => (e.data as ParticipantRecordRead).participantId === slv.participantId)).toBe(true);
      expect(entries.every((e) => e.jurisdiction === SAN_LUIS_VALLEY || e.jurisdiction === null)).toBe(true);
      expect(JSON.stringify(answer.body)).not.toContain(denver.participantId);
      expect(JSON.stringify(answer.body)).not.toContain(staffOf('case_manager', DENVER));
    }
  });

  it('refuses every other role with a 403', async () => {
    for (const role of ['case_manager', 'supervisor', 'program_admin', 'officer', 'prosecutor', 'evaluator'] as const) {
      const answer = await audit(role, DENVER, `?participantId=${denver.participantId}`);
      expect({ role, status: answer.status }).toEqual({ role, status: 403 });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers a malformed query with a 400 problem naming the field', async () => {
    const malformed: Array<[string, string]> = [
      ['participantId', 'not-a-uuid'],
      ['subject', ''],
      ['type', 'ParticipantRecordWritten'],
      ['from', 'yesterday'],
      ['to', '2026-13-01T00:00:00Z'],
      ['after', 'page-2'],
      ['limit', '0'],
      ['limit', '501'],
      ['limit', 'many'],
    ];
    for (const [field, value] of malformed) {
      const answer = await audit('auditor', DENVER, `?${field}=${encodeURIComponent(value)}`);
      expect({ field, value, status: answer.status }).toEqual({ field, value, status: 400 });
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // The validation problem: `errors` names the field alone (the entries are never reached).
      expect({ field, value, errors: answer.body.errors }).toEqual({
        field,
        value,
        errors: [{ field, messages: expect.arrayContaining([expect.stringContaining(field)]) }],
      });
      expect(answer.body.detail).toBe(`Invalid field: ${field}`);
      expect(answer.body.entries).toBeUndefined();
    }
    // A parameter the query does not have is refused too (a jurisdiction comes from the token, never the query).
    const unknown = await audit('auditor', DENVER, '?jurisdiction=denver');
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'jurisdiction', messages: [expect.any(String)] }]);
  });
});
