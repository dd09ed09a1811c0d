import type { CaseEvent } from '../case/case.events.js';
import type { CaseSummary } from './case-summary.entity.js';
import { summaryAfter } from './case-summary.fold.js';

const staff = { subject: 'arts-cm-1', agency: 'ARTS' };
const sealed = { $sealed: 'x' } as never;
const opened: CaseEvent = {
  type: 'CaseOpened',
  caseId: '00000000-0000-4000-8000-000000000001',
  referralId: '00000000-0000-4000-8000-000000000002',
  participantId: '00000000-0000-4000-8000-000000000003',
  jurisdiction: 'denver',
  door: 'social_contact',
  providerAgency: 'ARTS',
  providerFrom: 'hand_off',
  referredAt: '2026-01-05T10:00:00.000Z',
  openedAt: '2026-01-05T11:00:00.000Z',
  intakeDueOn: '2026-02-04',
  lowAfterDays: 14,
  inactiveAfterDays: 30,
  instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
};

const fold = (events: CaseEvent[]): CaseSummary | undefined =>
  events.reduce<CaseSummary | undefined>(
    (row, event, streamRevision) =>
      summaryAfter(row, {
        event,
        caseId: 'c',
        streamRevision,
        recordedAt: new Date(Date.UTC(2026, 0, 5 + streamRevision)),
      }),
    undefined,
  );

describe('a case summary, folded from the case events', () => {
  it('lists a connection while it waits for its answer, and drops it once answered', () => {
    const made = (connectionId: string): CaseEvent => ({
      type: 'ServiceConnectionMade',
      connectionId,
      serviceType: 'moud',
      provider: sealed,
      dueOn: '2026-01-08',
      by: staff,
      at: '2026-01-06T09:00:00.000Z',
    });
    const changed = (connectionId: string, status: 'pending' | 'got_help'): CaseEvent => ({
      type: 'ServiceConnectionStatusChanged',
      connectionId,
      serviceType: 'moud',
      status,
      previous: 'referred',
      by: staff,
      at: '2026-01-07T09:00:00.000Z',
    });
    const row = fold([opened, made('a'), made('b'), changed('a', 'pending'), changed('b', 'got_help')]);
    expect(row?.openServiceConnections).toEqual([
      { connectionId: 'a', serviceType: 'moud', status: 'pending', dueOn: '2026-01-08' },
    ]);
    expect(row?.revision).toBe(4);
  });

  it('clears the exit on re-enrolment, and keeps the latest successful contact', () => {
    const contact = (contactedAt: string, successful: boolean): CaseEvent => ({
      type: 'ContactLogged',
      contactId: contactedAt,
      kind: 'phone',
      successful,
      contactedAt,
      durationMinutes: null,
      observation: null,
      by: staff,
      at: '2026-01-09T00:00:00.000Z',
    });
    const exited: CaseEvent = {
      type: 'CaseExited',
      reason: 'moved_away',
      destination: sealed,
      exitedAt: '2026-01-09T00:00:00.000Z',
      by: staff,
      at: '2026-01-09T00:00:00.000Z',
    };
    const events = [
      opened,
      contact('2026-01-07T10:00:00.000Z', true),
      contact('2026-01-06T10:00:00.000Z', true),
      contact('2026-01-08T10:00:00.000Z', false),
      exited,
    ];
    expect(fold(events)).toMatchObject({ contacts: 3, exitReason: 'moved_away' });
    expect(fold(events)?.lastSuccessfulContactAt?.toISOString()).toBe('2026-01-07T10:00:00.000Z');
    const back = fold([
      ...events,
      { type: 'CaseReenrolled', reenrolledAt: '2026-01-10T00:00:00.000Z', by: staff, at: '2026-01-10T00:00:00.000Z' },
    ]);
    expect(back).toMatchObject({ exitedAt: null, exitReason: null });
  });

  it('ignores an event of a case it never saw open', () => {
    expect(fold([])).toBeUndefined();
    expect(
      summaryAfter(undefined, {
        event: { type: 'ConsentRevoked', consentId: 'x', recipients: 'all', revokedAt: '', by: staff, at: '' },
        caseId: 'c',
        streamRevision: 3,
        recordedAt: new Date(),
      }),
    ).toBeUndefined();
  });
});
