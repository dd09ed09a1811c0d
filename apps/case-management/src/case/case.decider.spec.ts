import { consentDecision } from '@lead/access';
import { DeciderSpecification } from '@lead/testing';
import type { CaseCommand, OpenCase } from './case.commands.js';
import { caseDecider as decider, type CaseState } from './case.decider.js';
import type { CaseEvent, SealedValue } from './case.events.js';
import { consentFor, participationStatus } from './participation-status.js';

const sealed = (label: string): SealedValue => ({
  $sealed: 'aes-256-gcm/v1',
  data: Buffer.from(label).toString('base64'),
});
const caseId = '0d7c5a4e-1b2f-5c3d-9e8f-7a6b5c4d3e2f';
const participantId = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const open: OpenCase = {
  type: 'OpenCase',
  caseId,
  referralId: '6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e',
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
const cm = { subject: 'cm-1', agency: 'ARTS' };
const supervisor = { subject: 'sup-1', agency: 'ARTS' };
const at = '2025-03-10T12:00:00.000Z';
const by = { by: cm, at };

const intake = (completedOn = '2025-03-10'): CaseCommand => ({
  type: 'CompleteIntake',
  completedOn,
  identity: sealed('{"name":"Pat Doe"}'),
  place: sealed('ARTS office'),
  demographics: sealed('{"race":["white"]}'),
  ...by,
});
const consent = (over: Partial<Extract<CaseCommand, { type: 'RecordConsent' }>> = {}): CaseCommand => ({
  type: 'RecordConsent',
  consentId: 'c-1',
  recipients: ['DDA', 'DPD'],
  scope: ['participation-status'],
  purpose: 'lead-diversion-coordination',
  signedAt: '2025-03-10T09:00:00.000Z',
  expiry: { kind: 'date', expiresAt: '2026-03-10T09:00:00.000Z' },
  rightToRevokeExplained: true,
  jurisdictionAgencies: ['DPD', 'DDA', 'DCAO', 'ARTS', 'TEP'],
  ...by,
  ...over,
});
const contact = (contactId: string, contactedAt: string, successful = true): CaseCommand => ({
  type: 'LogContact',
  contactId,
  kind: successful ? 'in_person' : 'outreach_attempt',
  successful,
  contactedAt,
  durationMinutes: successful ? 30 : null,
  observation: null,
  by: cm,
  at: contactedAt,
});
const review = (instant: string): CaseCommand => ({ type: 'ReviewEngagement', at: instant });
const exit = (exitedAt = '2025-09-01T12:00:00.000Z'): CaseCommand => ({
  type: 'ExitCase',
  reason: 'transitioned_out',
  destination: sealed('410'),
  exitedAt,
  terminationCriteriaSet: false,
  by: cm,
  at: exitedAt,
});

const spec = DeciderSpecification.for(decider);
const history = (...commands: CaseCommand[]): CaseEvent[] => spec.eventsOf(open, ...commands);
const stateOf = (events: CaseEvent[]): CaseState => spec.given(events).state;

describe('Case decider', () => {
  describe('opening', () => {
    it('opens one case per referral, engaged from the opening, however often the acceptance is delivered', () => {
      spec
        .given([])
        .when(open)
        .thenState((state) => {
          expect(state.opened).toMatchObject({ caseId, providerAgency: 'ARTS', intakeDueOn: '2025-03-31' });
          expect(state.engagement).toEqual({ level: 'engaged', changedAt: open.openedAt });
        });
      spec.given(history()).when(open).thenNothing();
      spec
        .given(history())
        .when({ ...open, providerAgency: 'TEP' })
        .thenNothing();
    });

    it('takes no staff command before it is open', () => {
      spec.given([]).when(intake()).thenThrows('case_not_found');
    });
  });

  describe('who may change it', () => {
    it('refuses every staff command from outside the provider agency holding the case', () => {
      spec
        .given(history())
        .when({
          ...(intake() as Extract<CaseCommand, { type: 'CompleteIntake' }>),
          by: { subject: 'cm-9', agency: 'TEP' },
        })
        .thenThrows('not_the_provider');
    });

    it("refuses a case manager's write once the case is no longer assigned to them (a reassignment raced it)", () => {
      const assign = (subject: string): CaseCommand => ({
        type: 'AssignCaseManager',
        caseManager: { subject, agency: 'ARTS' },
        by: supervisor,
        at,
      });
      const write = { ...(contact('k-1', at) as object), assignedOnly: true } as CaseCommand;
      spec
        .given(history(assign('cm-1')))
        .when(write)
        .thenMatches([{ type: 'ContactLogged' }]);
      spec
        .given(history(assign('cm-1'), assign('cm-2')))
        .when(write)
        .thenThrows('not_assigned');
    });

    it('assigns and reassigns within the provider, attributed; the same case manager again is nothing', () => {
      const assign = (subject: string, agency = 'ARTS'): CaseCommand => ({
        type: 'AssignCaseManager',
        caseManager: { subject, agency },
        by: supervisor,
        at,
      });
      spec
        .given(history())
        .when(assign('cm-1'))
        .then([{ type: 'CaseManagerAssigned', caseManager: cm, previous: null, by: supervisor, at }]);
      spec
        .given(history(assign('cm-1')))
        .when(assign('cm-2'))
        .thenMatches([{ caseManager: { subject: 'cm-2', agency: 'ARTS' }, previous: cm }]);
      spec
        .given(history(assign('cm-1')))
        .when(assign('cm-1'))
        .thenNothing();
      spec.given(history()).when(assign('cm-7', 'TEP')).thenThrows('case_manager_of_other_agency');
    });
  });

  describe('intake', () => {
    it('records whether the deadline was met, by calendar day, the last day included', () => {
      spec
        .given(history())
        .when({ ...(intake('2025-03-31') as object), at: '2025-03-31T23:00:00.000Z' } as CaseCommand)
        .thenMatches([
          { type: 'IntakeCompleted', deadline: { due: '2025-03-31', met: true } },
          { type: 'DemographicsRecorded' },
        ]);
      spec
        .given(history())
        .when({ ...(intake('2025-04-01') as object), at: '2025-04-02T00:00:00.000Z' } as CaseCommand)
        .thenMatches([{ deadline: { due: '2025-03-31', met: false } }, { type: 'DemographicsRecorded' }]);
    });

    it('records the demographics as well, the same sealed value on an event of its own (what the reports receive)', () => {
      spec
        .given(history())
        .when(intake())
        .thenMatches([
          { type: 'IntakeCompleted', demographics: sealed('{"race":["white"]}') },
          { type: 'DemographicsRecorded', demographics: sealed('{"race":["white"]}'), by: cm, at },
        ]);
    });

    it('is completed once, not before the referral, not in the future', () => {
      spec.given(history(intake())).when(intake()).thenThrows('intake_already_completed');
      spec.given(history()).when(intake('2025-02-28')).thenThrows('completedOn_too_early');
      spec.given(history()).when(intake('2025-03-11')).thenThrows('completedOn_in_future');
    });
  });

  describe('consent (42 CFR Part 2)', () => {
    it('records a consent with its elements; refuses one without the right to revoke, or naming a stranger', () => {
      spec
        .given(history())
        .when(consent())
        .thenMatches([
          {
            type: 'ConsentRecorded',
            consentId: 'c-1',
            recipients: ['DDA', 'DPD'],
            expiry: { kind: 'date', expiresAt: '2026-03-10T09:00:00.000Z' },
            rightToRevokeExplained: true,
          },
        ]);
      spec
        .given(history())
        .when(consent({ rightToRevokeExplained: false }))
        .thenThrows('right_to_revoke_not_explained');
      spec
        .given(history())
        .when(consent({ recipients: ['DPD', 'FBI'] }))
        .thenThrows('recipient_unknown', {
          field: 'recipients',
          unknown: ['FBI'],
        });
      spec
        .given(history())
        .when(consent({ expiry: { kind: 'date', expiresAt: '2025-03-01T00:00:00.000Z' } }))
        .thenThrows('consent_invalid');
      spec.given(history(consent())).when(consent()).thenThrows('consent_exists');
      spec
        .given(history())
        .when(consent({ signedAt: '2025-03-11T00:00:00.000Z' }))
        .thenThrows('signedAt_in_future');
    });

    it('revoked for the DA only: the DA is refused from that instant, the police still permitted', () => {
      const revokeDa: CaseCommand = {
        type: 'RevokeConsent',
        consentId: 'c-1',
        recipients: ['DDA'],
        revokedAt: '2025-04-01T00:00:00.000Z',
        by: cm,
        at: '2025-04-01T00:00:00.000Z',
      };
      const state = stateOf(history(consent(), revokeDa));
      const ask = (agency: string, when: string) =>
        consentDecision(consentFor(state.consents, agency, new Date(when)), {
          participantId,
          recipient: agency,
          scope: 'participation-status',
          now: new Date(when),
        });
      expect(ask('DDA', '2025-03-31T23:59:59.000Z').permitted).toBe(true);
      expect(ask('DDA', '2025-04-01T00:00:00.000Z')).toEqual({ permitted: false, reason: 'revoked' });
      expect(ask('DPD', '2025-06-01T00:00:00.000Z').permitted).toBe(true);
      spec
        .given(history(consent()))
        .when({ ...revokeDa, recipients: ['APD'] } as CaseCommand)
        .thenThrows('consent_invalid');
      spec
        .given(history(consent()))
        .when({ ...revokeDa, consentId: 'c-9' } as CaseCommand)
        .thenThrows('consent_not_found');
      spec
        .given(history(consent()))
        .when({ ...revokeDa, recipients: undefined } as CaseCommand)
        .thenMatches([{ type: 'ConsentRevoked', recipients: 'all' }]);
    });

    it('refuses a revocation dated ahead, and a consent until the end of a participation already ended', () => {
      spec
        .given(history(consent()))
        .when({
          type: 'RevokeConsent',
          consentId: 'c-1',
          recipients: ['DDA'],
          revokedAt: '2025-03-10T12:00:00.001Z',
          by: cm,
          at,
        })
        .thenThrows('revokedAt_in_future', { field: 'revokedAt' });
      spec
        .given(history(exit('2025-03-10T11:00:00.000Z')))
        .when(consent({ expiry: { kind: 'event', event: 'participation-ended' } }))
        .thenThrows('participation_already_ended');
      spec
        .given(history(exit('2025-03-10T11:00:00.000Z')))
        .when(consent())
        .thenMatches([{ type: 'ConsentRecorded' }]);
    });

    it('expires by date, and by event: a consent until the end of participation expires at the exit and stays so', () => {
      const byDate = stateOf(history(consent()));
      const permitted = (state: CaseState, when: string) =>
        consentDecision(state.consents[0], {
          participantId,
          recipient: 'DPD',
          scope: 'participation-status',
          now: new Date(when),
        });
      expect(permitted(byDate, '2026-03-10T08:59:59.999Z').permitted).toBe(true);
      expect(permitted(byDate, '2026-03-10T09:00:00.000Z')).toEqual({ permitted: false, reason: 'expired' });

      const untilExit = consent({ expiry: { kind: 'event', event: 'participation-ended' } });
      expect(permitted(stateOf(history(untilExit)), '2030-01-01T00:00:00.000Z').permitted).toBe(true);
      const exited = history(untilExit, exit());
      expect(permitted(stateOf(exited), '2025-09-01T11:59:59.999Z').permitted).toBe(true);
      expect(permitted(stateOf(exited), '2025-09-01T12:00:00.000Z')).toEqual({ permitted: false, reason: 'expired' });
      const back = [
        ...exited,
        ...spec
          .given(exited)
          .when({ type: 'Reenroll', reenrolledAt: '2025-10-01T00:00:00.000Z', by: cm, at: '2025-10-01T00:00:00.000Z' })
          .events,
      ];
      expect(permitted(stateOf(back), '2025-10-02T00:00:00.000Z')).toEqual({ permitted: false, reason: 'expired' });
    });
  });

  describe('participation status', () => {
    it("counts engagement at the reader's instant: past the low day count it is not engaged, fired timer or not", () => {
      const joined = stateOf(history(intake(), consent()));
      expect(participationStatus(joined, new Date('2025-03-15T10:59:59.999Z')).engaged).toBe(true);
      // Opened 2025-03-01T11:00Z, low from 03-15T11:00Z: no review has run, the stored level still says engaged.
      expect(joined.engagement!.level).toBe('engaged');
      expect(participationStatus(joined, new Date('2025-03-15T11:00:00.000Z')).engaged).toBe(false);
    });

    it('is enrolled once intake and a release of information are both in, engaged while so, exited after the exit', () => {
      expect(participationStatus(stateOf(history()), new Date('2025-03-10T12:00:00.000Z'))).toEqual({
        enrolled: false,
        engaged: false,
        intakeCompletedByDeadline: null,
        exited: false,
      });
      expect(
        participationStatus(stateOf(history()), new Date('2025-04-01T12:00:00.000Z')).intakeCompletedByDeadline,
      ).toBe(false);
      expect(participationStatus(stateOf(history(intake())), new Date('2025-03-10T12:00:00.000Z')).enrolled).toBe(
        false,
      );
      expect(participationStatus(stateOf(history(intake(), consent())), new Date('2025-03-10T12:00:00.000Z'))).toEqual({
        enrolled: true,
        engaged: true,
        intakeCompletedByDeadline: true,
        exited: false,
      });
      expect(
        participationStatus(stateOf(history(intake(), consent(), exit())), new Date('2025-09-02T12:00:00.000Z')),
      ).toEqual({
        enrolled: false,
        engaged: false,
        intakeCompletedByDeadline: true,
        exited: true,
      });
    });
  });

  describe('assessment', () => {
    it('records an assessment once (a redelivered command records nothing)', () => {
      const assess: CaseCommand = {
        type: 'RecordAssessment',
        assessmentId: 'a-1',
        instrument: open.instrument,
        occasion: 'entry',
        completedOn: '2025-03-10',
        answers: sealed('{}'),
        scores: sealed('{}'),
        ...by,
      };
      spec
        .given(history())
        .when(assess)
        .thenMatches([{ type: 'AssessmentRecorded', assessmentId: 'a-1', occasion: 'entry' }]);
      spec.given(history(assess)).when(assess).thenNothing();
      spec
        .given(history())
        .when({ ...assess, completedOn: '2025-03-11' } as CaseCommand)
        .thenThrows('completedOn_in_future');
    });
  });

  describe('intervention plan', () => {
    const goal = (type: 'AddGoal' | 'ReviseGoal' | 'AchieveGoal' | 'SetGoalAside', goalId: string): CaseCommand =>
      type === 'AddGoal' || type === 'ReviseGoal'
        ? { type, goalId, domain: 'housing', wording: sealed('a room of my own'), ...by }
        : { type, goalId, ...by };

    it('adds, revises, achieves and sets aside goals, each a new plan version, attributed and dated', () => {
      const events = history(
        goal('AddGoal', 'g-1'),
        goal('AddGoal', 'g-2'),
        goal('ReviseGoal', 'g-1'),
        goal('AchieveGoal', 'g-1'),
      );
      expect(
        events
          .slice(1)
          .map((e) => [e.type, 'planVersion' in e ? e.planVersion : 0, 'activeGoals' in e ? e.activeGoals : 0]),
      ).toEqual([
        ['GoalAdded', 1, 1],
        ['GoalAdded', 2, 2],
        ['GoalRevised', 3, 2],
        ['GoalAchieved', 4, 1],
      ]);
      spec
        .given(events)
        .when(goal('SetGoalAside', 'g-2'))
        .thenMatches([{ type: 'GoalSetAside', planVersion: 5, activeGoals: 0, by: cm, at }]);
    });

    it('refuses a step dated before the goal was set', () => {
      spec
        .given(history(goal('AddGoal', 'g-1')))
        .when({ type: 'AchieveGoal', goalId: 'g-1', by: cm, at: '2025-03-09T00:00:00.000Z' })
        .thenThrows('at_too_early', { field: 'at', earliest: at });
    });

    it('refuses a goal twice, an unknown goal, and a change to a goal no longer active', () => {
      spec
        .given(history(goal('AddGoal', 'g-1')))
        .when(goal('AddGoal', 'g-1'))
        .thenThrows('goal_exists');
      spec.given(history()).when(goal('ReviseGoal', 'g-1')).thenThrows('goal_not_found');
      spec
        .given(history(goal('AddGoal', 'g-1'), goal('AchieveGoal', 'g-1')))
        .when(goal('SetGoalAside', 'g-1'))
        .thenThrows('goal_not_active');
    });
  });

  describe('service connections (closed loop)', () => {
    const connect: CaseCommand = {
      type: 'ConnectService',
      connectionId: 's-1',
      serviceType: 'moud',
      provider: sealed('Denver Health OBOT'),
      responseDays: 2,
      ...by,
    };
    it("is due by the service type's response time; each status change dated and attributed; a repeat is nothing", () => {
      spec
        .given(history())
        .when(connect)
        .thenMatches([{ type: 'ServiceConnectionMade', connectionId: 's-1', dueOn: '2025-03-12' }]);
      const change = (status: 'pending' | 'got_help'): CaseCommand => ({
        type: 'ChangeServiceConnectionStatus',
        connectionId: 's-1',
        status,
        ...by,
      });
      spec
        .given(history(connect))
        .when(change('got_help'))
        .then([
          {
            type: 'ServiceConnectionStatusChanged',
            connectionId: 's-1',
            serviceType: 'moud',
            status: 'got_help',
            previous: 'referred',
            by: cm,
            at,
          },
        ]);
      spec
        .given(history(connect, change('pending')))
        .when(change('pending'))
        .thenNothing();
      spec.given(history()).when(change('pending')).thenThrows('service_connection_not_found');
      spec.given(history(connect)).when(connect).thenThrows('service_connection_exists');
    });
  });

  describe('contacts and engagement', () => {
    it('goes low, then inactive, at the configured day counts exactly, and re-engages on the next successful contact', () => {
      // Opened 2025-03-01T11:00Z: low from 03-15T11:00Z (14 days), inactive from 03-31T11:00Z (30 days).
      spec.given(history()).when(review('2025-03-15T10:59:59.999Z')).thenNothing();
      spec
        .given(history())
        .when(review('2025-03-15T11:00:00.000Z'))
        .then([
          {
            type: 'EngagementChanged',
            level: 'low',
            previous: 'engaged',
            reengaged: false,
            changedAt: '2025-03-15T11:00:00.000Z',
          },
        ]);
      const inactive = history(review('2025-03-15T11:00:00.000Z'), review('2025-03-31T11:00:00.000Z'));
      expect(stateOf(inactive).engagement).toEqual({ level: 'inactive', changedAt: '2025-03-31T11:00:00.000Z' });
      // A failed outreach attempt is a contact attempt, not engagement.
      spec
        .given(inactive)
        .when(contact('k-1', '2025-04-02T09:00:00.000Z', false))
        .thenMatches([{ type: 'ContactLogged', kind: 'outreach_attempt', successful: false }]);
      spec
        .given(inactive)
        .when(contact('k-2', '2025-04-03T09:00:00.000Z'))
        .thenMatches([
          { type: 'ContactLogged', contactId: 'k-2', successful: true },
          {
            type: 'EngagementChanged',
            level: 'engaged',
            previous: 'inactive',
            reengaged: true,
            changedAt: '2025-04-03T09:00:00.000Z',
          },
        ]);
    });

    it('counts the days from the last successful contact; a review left over from before it changes nothing', () => {
      const contacted = history(contact('k-1', '2025-03-10T09:00:00.000Z'));
      spec.given(contacted).when(review('2025-03-15T11:00:00.000Z')).thenNothing();
      spec
        .given(contacted)
        .when(review('2025-03-24T09:00:00.000Z'))
        .thenMatches([{ level: 'low' }]);
      // Straight from engaged to inactive when the scheduler fires late, past both counts.
      spec
        .given(contacted)
        .when(review('2025-05-01T00:00:00.000Z'))
        .thenMatches([{ level: 'inactive', previous: 'engaged' }]);
    });

    it('logs a contact once, not before the referral, not in the future', () => {
      const once = contact('k-1', '2025-03-10T09:00:00.000Z');
      spec.given(history(once)).when(once).thenNothing();
      spec.given(history()).when(contact('k-2', '2025-02-01T00:00:00.000Z')).thenThrows('contactedAt_too_early');
      spec
        .given(history())
        .when({ ...(contact('k-3', '2025-03-12T00:00:00.000Z') as object), at } as CaseCommand)
        .thenThrows('contactedAt_in_future');
    });
  });

  describe('exit and re-enrolment', () => {
    it('exits with a reason, once; nothing is recorded on an exited case until re-enrolment, which engages again', () => {
      spec
        .given(history())
        .when(exit())
        .thenMatches([{ type: 'CaseExited', reason: 'transitioned_out', exitedAt: '2025-09-01T12:00:00.000Z' }]);
      const exited = history(exit());
      spec.given(exited).when(exit('2025-09-02T00:00:00.000Z')).thenThrows('case_exited');
      spec.given(exited).when(contact('k-1', '2025-09-02T00:00:00.000Z')).thenThrows('case_exited');
      spec.given(exited).when(review('2026-01-01T00:00:00.000Z')).thenNothing();
      const inactiveThenExited = history(review('2025-03-31T11:00:00.000Z'), exit());
      spec
        .given(inactiveThenExited)
        .when({ type: 'Reenroll', reenrolledAt: '2025-10-01T00:00:00.000Z', by: cm, at: '2025-10-01T00:00:00.000Z' })
        .then([
          { type: 'CaseReenrolled', reenrolledAt: '2025-10-01T00:00:00.000Z', by: cm, at: '2025-10-01T00:00:00.000Z' },
          {
            type: 'EngagementChanged',
            level: 'engaged',
            previous: 'inactive',
            reengaged: true,
            changedAt: '2025-10-01T00:00:00.000Z',
          },
        ]);
      const back = [
        ...inactiveThenExited,
        ...spec
          .given(inactiveThenExited)
          .when({ type: 'Reenroll', reenrolledAt: '2025-10-01T00:00:00.000Z', by: cm, at: '2025-10-01T00:00:00.000Z' })
          .events,
      ];
      // The day count starts again from the re-enrolment.
      spec.given(back).when(review('2025-10-14T23:59:59.999Z')).thenNothing();
      spec
        .given(back)
        .when(review('2025-10-15T00:00:00.000Z'))
        .thenMatches([{ level: 'low' }]);
    });

    it("terminates on the prosecutor's criteria only where the prosecutor's office set some", () => {
      const terminate = { ...(exit() as object), reason: 'terminated_by_prosecutor_criteria' } as CaseCommand;
      spec.given(history()).when(terminate).thenThrows('no_termination_criteria');
      spec
        .given(history())
        .when({ ...terminate, terminationCriteriaSet: true } as CaseCommand)
        .thenMatches([{ type: 'CaseExited', reason: 'terminated_by_prosecutor_criteria' }]);
    });

    it('re-enrols only an exited case, not before its exit; exits not before the opening', () => {
      spec.given(history()).when({ type: 'Reenroll', reenrolledAt: at, by: cm, at }).thenThrows('case_not_exited');
      spec
        .given(history(exit()))
        .when({ type: 'Reenroll', reenrolledAt: '2025-08-01T00:00:00.000Z', by: cm, at: '2025-10-01T00:00:00.000Z' })
        .thenThrows('reenrolledAt_too_early');
      spec.given(history()).when(exit('2025-03-01T10:30:00.000Z')).thenThrows('exitedAt_too_early');
    });
  });

  describe("the prosecutor's coordination (system commands from lead.prosecution.v1)", () => {
    const coordinated = (over: Partial<Extract<CaseCommand, { type: 'NoteLegalMatter' }>> = {}): CaseCommand => ({
      type: 'NoteLegalMatter',
      legalMatterId: '7d0b6c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
      kind: 'new_charge',
      status: 'coordinate',
      since: '2025-03-12',
      ...over,
    });
    const terminated = (
      over: Partial<Extract<CaseCommand, { type: 'ExitOnProsecutorCriteria' }>> = {},
    ): CaseCommand => ({
      type: 'ExitOnProsecutorCriteria',
      decisionId: '01a23c67-75a0-720e-9b71-14816dea67cc',
      criterionCode: 'new_violent_felony',
      protocolVersion: '2026-12',
      decidedBy: { subject: 'da12-1', agency: 'DA12' },
      decidedAt: '2025-04-01T15:00:00.000Z',
      destination: sealed('30'),
      terminationCriteriaSet: true,
      ...over,
    });

    it('notes a coordinated legal matter (kind, status, day only), once per delivery, again when it moves on', () => {
      spec
        .given(history())
        .when(coordinated())
        .then([
          {
            type: 'LegalMatterNoted',
            legalMatterId: '7d0b6c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e',
            kind: 'new_charge',
            status: 'coordinate',
            since: '2025-03-12',
          },
        ]);
      const noted = history(coordinated());
      expect(stateOf(noted).legalMatters).toEqual({
        '7d0b6c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e': { kind: 'new_charge', status: 'coordinate', since: '2025-03-12' },
      });
      spec.given(noted).when(coordinated()).thenNothing();
      // Deferred, then coordinated again later: the new day.
      spec
        .given(noted)
        .when(coordinated({ since: '2025-04-02' }))
        .thenMatches([{ type: 'LegalMatterNoted', since: '2025-04-02' }]);
      // Planning around a warrant needs no staff member: no provider check, and an exited case still hears of it.
      spec
        .given(history(exit()))
        .when(coordinated({ kind: 'warrant' }))
        .thenMatches([{ type: 'LegalMatterNoted', kind: 'warrant' }]);
    });

    it('refuses a coordination or a termination of a case never opened', () => {
      spec.given([]).when(coordinated()).thenThrows('case_not_found');
      spec.given([]).when(terminated()).thenThrows('case_not_found');
    });

    it("exits on the DA's criterion, attributed to the deciding prosecutor, and a redelivery exits nothing", () => {
      spec
        .given(history())
        .when(terminated())
        .then([
          {
            type: 'CaseExited',
            reason: 'terminated_by_prosecutor_criteria',
            destination: sealed('30'),
            exitedAt: '2025-04-01T15:00:00.000Z',
            by: { subject: 'da12-1', agency: 'DA12' },
            at: '2025-04-01T15:00:00.000Z',
            termination: {
              criterionCode: 'new_violent_felony',
              decisionId: '01a23c67-75a0-720e-9b71-14816dea67cc',
              protocolVersion: '2026-12',
            },
          },
        ]);
      const exited = history(terminated());
      expect(stateOf(exited).exit).toMatchObject({ reason: 'terminated_by_prosecutor_criteria' });
      spec.given(exited).when(terminated()).thenNothing();
      // A consent until the end of participation ends with it, as with any exit.
      expect(participationStatus(stateOf(exited), new Date('2025-05-01T00:00:00.000Z'))).toMatchObject({
        exited: true,
      });
    });

    it('refuses where the program has no termination criteria, or the case has exited already', () => {
      spec
        .given(history())
        .when(terminated({ terminationCriteriaSet: false }))
        .thenThrows('no_termination_criteria');
      spec.given(history(exit())).when(terminated()).thenThrows('case_exited');
      // Another decision on an already terminated case: exited, refused (dead-lettered), never a second exit.
      spec
        .given(history(terminated()))
        .when(terminated({ decisionId: '01a23c67-75a0-720e-9b71-14816dea67cd' }))
        .thenThrows('case_exited');
      spec
        .given(history())
        .when(terminated({ decidedAt: '2025-03-01T10:30:00.000Z' }))
        .thenThrows('exitedAt_too_early');
    });
  });
});
