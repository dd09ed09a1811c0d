import { validateIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { newEventId, type RecordedEvent } from '@lead/event-store';
import { UnpublishableEvent } from '@lead/messaging';
import { randomUUID } from 'node:crypto';
import type { CaseCommand, OpenCase } from './case.commands.js';
import { caseDecider, type CaseState } from './case.decider.js';
import type { CaseEvent, SealedValue } from './case.events.js';
import { casePublication } from './case.publication.js';
import { caseIdFor, caseStream } from './case.repository.js';

/*
 * The Case decider's real output, stored as the store stores it, through the publication the relay publishes (and
 * every append is checked against), checked against the published contracts: the two cannot drift apart unseen.
 */

const referralId = randomUUID();
const participantId = randomUUID();
const caseId = caseIdFor(referralId);
const sealed: SealedValue = { $sealed: 'aes-256-gcm/v1', data: Buffer.from('secret: Marisol').toString('base64') };
/** The demographics' own ciphertext, to tell it from every other sealed value. */
const demographics: SealedValue = {
  $sealed: 'aes-256-gcm/v1',
  data: Buffer.from('secret: hispanic_latina_e_o').toString('base64'),
};
const cm = { subject: 'arts-cm-1', agency: 'ARTS' };
const at = '2025-03-10T12:00:00.000Z';
const open: OpenCase = {
  type: 'OpenCase',
  caseId,
  referralId,
  participantId,
  jurisdiction: 'denver',
  door: 'arrest_diversion',
  providerAgency: 'ARTS',
  providerFrom: 'hand_off',
  referredAt: '2025-03-01T10:00:00.000Z',
  openedAt: '2025-03-01T11:00:00.000Z',
  intakeDueOn: '2025-03-31',
  lowAfterDays: 14,
  inactiveAfterDays: 30,
  instrument: { id: 'lead-psychosocial-intake', version: '2026-01' },
};

function walk(commands: CaseCommand[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  let state: CaseState = caseDecider.initialState;
  for (const command of commands) {
    const decided = caseDecider.decide(command, state);
    state = decided.reduce(caseDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

function stored(events: CaseEvent[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    eventId: newEventId(),
    type: event.type,
    schemaVersion: 1,
    data: event,
    metadata: {
      correlationId: randomUUID(),
      jurisdiction: 'denver',
      participantId,
      actor: { ...cm, role: 'case_manager' },
    },
    streamId: caseStream(caseId),
    streamRevision: revision,
    position: { commit: 1n, prepare: BigInt(revision) },
    recordedAt: new Date(at),
    hash: '',
    previousHash: '',
  }));
}

function publish(events: CaseEvent[]): IntegrationEvent[] {
  const published = stored(events)
    .map((event) => casePublication.map(event))
    .filter((e): e is IntegrationEvent => e !== null);
  for (const event of published) {
    const validation = validateIntegrationEvent(event, casePublication.topic);
    expect({ type: event.type, problems: validation.valid ? [] : validation.problems }).toEqual({
      type: event.type,
      problems: [],
    });
  }
  return published;
}

const consent: CaseCommand = {
  type: 'RecordConsent',
  consentId: randomUUID(),
  recipients: ['DPD'],
  scope: ['participation-status'],
  purpose: 'lead-diversion-coordination',
  signedAt: '2025-03-10T09:00:00.000Z',
  expiry: { kind: 'event', event: 'participation-ended' },
  rightToRevokeExplained: true,
  jurisdictionAgencies: ['DPD', 'DDA', 'ARTS'],
  by: cm,
  at,
};
const intake: CaseCommand = {
  type: 'CompleteIntake',
  completedOn: '2025-03-10',
  identity: sealed,
  place: sealed,
  demographics,
  by: cm,
  at,
};

describe('what case management publishes', () => {
  it('says whether a release of information was signed when the intake was completed', () => {
    const consentFirst = publish(walk([open, consent, intake])).find((e) => e.type === 'lead.case.intake-completed');
    expect(consentFirst?.data).toMatchObject({
      releaseOfInformationSigned: true,
      deadline: { due: '2025-03-31', met: true },
    });
    const intakeFirst = publish(walk([open, intake])).find((e) => e.type === 'lead.case.intake-completed');
    expect(intakeFirst?.data).toMatchObject({ releaseOfInformationSigned: false });
  });

  it('is valid against the contracts for the whole journey, carries status only, and never a sealed value', () => {
    const connectionId = randomUUID();
    const published = publish(
      walk([
        open,
        { type: 'AssignCaseManager', caseManager: cm, by: { subject: 'sup', agency: 'ARTS' }, at },
        consent,
        intake,
        {
          type: 'RecordAssessment',
          assessmentId: randomUUID(),
          instrument: open.instrument,
          occasion: 'entry',
          completedOn: '2025-03-10',
          answers: sealed,
          scores: sealed,
          by: cm,
          at,
        },
        { type: 'AddGoal', goalId: randomUUID(), domain: 'substance_use', wording: sealed, by: cm, at },
        { type: 'ConnectService', connectionId, serviceType: 'moud', provider: sealed, responseDays: 2, by: cm, at },
        { type: 'ChangeServiceConnectionStatus', connectionId, status: 'got_help', by: cm, at },
        {
          type: 'LogContact',
          contactId: randomUUID(),
          kind: 'street_contact',
          successful: true,
          contactedAt: '2025-03-10T11:47:13.000Z',
          durationMinutes: null,
          observation: sealed,
          by: cm,
          at,
        },
        { type: 'ReviewEngagement', at: '2025-04-09T11:47:13.000Z' },
        {
          type: 'ExitCase',
          reason: 'transitioned_out',
          destination: sealed,
          exitedAt: '2025-04-10T00:00:00.000Z',
          terminationCriteriaSet: false,
          by: cm,
          at: '2025-04-10T00:00:00.000Z',
        },
        { type: 'Reenroll', reenrolledAt: '2025-04-11T00:00:00.000Z', by: cm, at: '2025-04-11T00:00:00.000Z' },
      ]),
    );
    expect(published.map((e) => e.type)).toEqual([
      'lead.case.opened',
      'lead.case.consent-recorded',
      'lead.case.intake-completed',
      'lead.case.demographics-recorded',
      'lead.case.assessment-completed',
      'lead.case.plan-updated',
      'lead.case.service-referral-status-changed',
      'lead.case.service-referral-status-changed',
      'lead.case.contact-logged',
      'lead.case.engagement-changed',
      'lead.case.exited',
      'lead.case.reenrolled',
      'lead.case.engagement-changed',
    ]);
    const services = published.filter((e) => e.type === 'lead.case.service-referral-status-changed');
    expect(services.map((e) => e.data)).toEqual([
      expect.objectContaining({ serviceCategory: 'health_care', status: 'referred' }),
      expect.objectContaining({ serviceCategory: 'health_care', status: 'got_help' }),
    ]);
    const contact = published.find((e) => e.type === 'lead.case.contact-logged')!;
    expect(contact.data).toEqual({
      caseId,
      contactId: expect.any(String),
      contactKind: 'street_contact',
      successful: true,
      contactedOn: '2025-03-10',
    });
    // The demographics travel as they were stored, sealed, and are the only sealed value that travels.
    const recorded = published.find((e) => e.type === 'lead.case.demographics-recorded')!;
    expect(recorded.data).toEqual({ caseId, recordedAt: at, demographics });
    expect(recorded.participantId).toBe(participantId);
    const text = JSON.stringify(
      published.map((e) => (e === recorded ? { ...e, data: { ...e.data, demographics: '<sealed>' } } : e)),
    );
    for (const secret of ['$sealed', sealed.data, demographics.data, 'moud', 'substance', '11:47', 'arts-cm-1'])
      expect(text).not.toContain(secret);
    expect(JSON.stringify(published)).not.toContain('hispanic');
  });

  it('publishes the demographics only sealed with the participant’s key alone: in clear or scoped, never', () => {
    const [, , recorded] = stored(walk([open, intake]));
    expect(recorded!.type).toBe('DemographicsRecorded');
    for (const value of [
      { raceEthnicity: ['hispanic_latina_e_o'], sex: 'female' },
      { ...demographics, scope: 'arrest:1' },
      null,
    ]) {
      const unsealed = { ...recorded!, data: { ...(recorded!.data as object), demographics: value } };
      expect(() => casePublication.map(unsealed)).toThrow(UnpublishableEvent);
    }
  });
});
