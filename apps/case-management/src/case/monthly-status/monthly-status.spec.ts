import { fileURLToPath } from 'node:url';
import { InstrumentRegistry } from '../../assessment/instrument/instrument-registry.js';
import type { CaseEvent } from '../case.events.js';
import { monthlyStatuses } from './monthly-status.js';

const instruments = InstrumentRegistry.load(
  fileURLToPath(new URL('../../../../../config/instruments/', import.meta.url)),
);
const instrumentOf = (id: string, version: string) => instruments.get(id, version);
const staff = { subject: 'cm-1', agency: 'ARTS' };

type Opened = CaseEvent & Record<string, unknown>;
const opened = {
  type: 'CaseOpened',
  caseId: 'c',
  referralId: 'r',
  participantId: 'p',
  jurisdiction: 'denver',
  door: 'arrest_diversion',
  providerAgency: 'ARTS',
  providerFrom: 'hand_off',
  referredAt: '2025-01-20T10:00:00.000Z',
  openedAt: '2025-01-20T11:00:00.000Z',
  intakeDueOn: '2025-02-19',
  lowAfterDays: 14,
  inactiveAfterDays: 30,
  instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
} as Opened;
const contact = (contactedAt: string, successful: boolean, livingSituation?: string) =>
  ({
    type: 'ContactLogged',
    contactId: contactedAt,
    kind: successful ? 'in_person' : 'outreach_attempt',
    successful,
    contactedAt,
    durationMinutes: null,
    observation: livingSituation ? { livingSituation } : null,
    by: staff,
    at: contactedAt,
  }) as unknown as Opened;
const assessment = (completedOn: string, answers: Record<string, string>) =>
  ({
    type: 'AssessmentRecorded',
    assessmentId: completedOn,
    instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
    occasion: 'entry',
    completedOn,
    answers,
    scores: {},
    by: staff,
    at: `${completedOn}T12:00:00.000Z`,
  }) as unknown as Opened;

describe('monthly status', () => {
  it('is one snapshot per calendar month from the opening, with what was known by the month end', () => {
    const events: Opened[] = [
      opened,
      contact('2025-01-25T10:00:00.000Z', true, 'homeless'),
      contact('2025-01-28T10:00:00.000Z', false),
      assessment('2025-02-03', {
        'current-living-situation': '302',
        'income-from-any-source': '0',
        'non-cash-benefits': '1',
        'health-insurance': '99',
      }),
      {
        type: 'EngagementChanged',
        level: 'low',
        previous: 'engaged',
        reengaged: false,
        changedAt: '2025-03-10T00:00:00.000Z',
      } as Opened,
      contact('2025-04-02T10:00:00.000Z', true, 'permanent'),
      {
        type: 'CaseExited',
        reason: 'transitioned_out',
        destination: '435',
        exitedAt: '2025-04-30T23:59:59.999Z',
        by: staff,
        at: '2025-04-30T23:59:59.999Z',
      } as unknown as Opened,
    ];
    const months = monthlyStatuses(events, '2025-05', instrumentOf);
    expect(months.map((m) => m.month)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05']);
    expect(months[0]).toEqual({
      month: '2025-01',
      inServices: true,
      housing: 'homeless',
      income: 'data_not_collected',
      nonCashBenefits: 'data_not_collected',
      healthInsurance: 'data_not_collected',
      employment: 'data_not_collected',
      contacts: 1,
      outreachAttempts: 1,
      engagement: 'engaged',
    });
    expect(months[1]).toMatchObject({ housing: 'temporary', income: 'no', nonCashBenefits: 'yes', contacts: 0 });
    expect(months[2]).toMatchObject({ engagement: 'low', housing: 'temporary' });
    expect(months[3]).toMatchObject({ housing: 'permanent', contacts: 1, inServices: false });
    expect(months[4]).toMatchObject({ inServices: false, contacts: 0 });
  });

  it('reads nothing before the case opened, and crosses the year end', () => {
    expect(monthlyStatuses([], '2025-05', instrumentOf)).toEqual([]);
    const december = { ...opened, openedAt: '2025-12-31T23:00:00.000Z' } as Opened;
    expect(monthlyStatuses([december], '2026-02', instrumentOf).map((m) => m.month)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
  });
});
