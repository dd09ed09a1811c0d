import { DeciderSpecification } from '@lead/testing';
import type {
  ActingOffice,
  DecideLegalMatter,
  DecideTermination,
  NoteCase,
  ParticipantCoordinationCommand,
  RecordLegalMatter,
} from './participant-coordination.commands.js';
import { participantCoordinationDecider as decider } from './participant-coordination.decider.js';
import type { ParticipantCoordinationEvent } from './participant-coordination.events.js';
import { consentForRecipient, participationStatusOf } from './participation-status.js';

const participantId = '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
const caseId = '1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d';
const legalMatterId = '2c3d4e5f-6071-4b8c-9d0e-1f2a3b4c5d6e';
const consentId = '3d4e5f60-7182-4c9d-8e1f-2a3b4c5d6e7f';

const liaison: ActingOffice = { subject: 'dcao-2', agency: 'DCAO', isProsecutorOffice: true, isLiaison: true };
const districtAttorney: ActingOffice = { subject: 'dda-4', agency: 'DDA', isProsecutorOffice: true, isLiaison: false };
const police: ActingOffice = { subject: 'officer-1', agency: 'DPD', isProsecutorOffice: false, isLiaison: false };

const caseOpened: NoteCase = {
  type: 'NoteCase',
  caseId,
  participantId,
  jurisdiction: 'denver',
  providerAgency: 'ARTS',
  openedAt: '2026-12-02T18:00:00.000Z',
};
const consent: ParticipantCoordinationCommand = {
  type: 'NoteConsent',
  jurisdiction: 'denver',
  caseId,
  consentId,
  recipients: ['DCAO'],
  scope: ['participation-status'],
  purpose: 'care-coordination',
  signedAt: '2026-12-03T17:00:00.000Z',
  expiry: { kind: 'event', event: 'participation-ended' },
};
const intake: ParticipantCoordinationCommand = {
  type: 'NoteIntake',
  jurisdiction: 'denver',
  caseId,
  completedOn: '2026-12-04',
  deadlineMet: true,
};
const record = (over: Partial<RecordLegalMatter> = {}): RecordLegalMatter => ({
  type: 'RecordLegalMatter',
  legalMatterId,
  participantId,
  jurisdiction: 'denver',
  kind: 'new_charge',
  offenseCode: 'CO-18-4-401-PETTY',
  offenseCatalogued: true,
  occurredOn: '2027-01-10',
  recordedBy: districtAttorney,
  today: '2027-01-11',
  at: '2027-01-11T17:00:00.000Z',
  ...over,
});
const decide = (over: Partial<DecideLegalMatter> = {}): DecideLegalMatter => ({
  type: 'DecideLegalMatter',
  legalMatterId,
  decision: 'coordinate',
  reasonCode: 'plan_addresses_conduct',
  deferUntil: null,
  reviewAt: null,
  decidedBy: liaison,
  today: '2027-01-12',
  at: '2027-01-12T17:00:00.000Z',
  ...over,
});
const defer = (over: Partial<DecideLegalMatter> = {}) =>
  decide({ decision: 'defer', deferUntil: '2027-02-01', reviewAt: '2027-02-01T07:00:00.000Z', ...over });
const terminate = (over: Partial<DecideTermination> = {}): DecideTermination => ({
  type: 'DecideTermination',
  criterionCode: 'new_violent_felony',
  adoptedCriteria: ['new_violent_felony', 'threat_to_staff_or_participants'],
  protocolVersion: '2026-12',
  jurisdiction: 'denver',
  decidedBy: districtAttorney,
  at: '2027-01-12T17:00:00.000Z',
  ...over,
});

const spec = DeciderSpecification.for(decider);
const history = (...commands: ParticipantCoordinationCommand[]): ParticipantCoordinationEvent[] =>
  spec.eventsOf(...commands);
const recorded = () => history(caseOpened, record());

describe('ParticipantCoordination decider', () => {
  describe('case management facts', () => {
    it('notes a case once', () => {
      spec
        .given([])
        .when(caseOpened)
        .then([{ type: 'CaseNoted', ...withoutType(caseOpened) }]);
      spec.given(history(caseOpened)).when(caseOpened).thenNothing();
    });

    it('refuses a case of another jurisdiction than the participant’s', () =>
      spec
        .given(history(caseOpened))
        .when({ ...caseOpened, caseId: legalMatterId, jurisdiction: 'san-luis-valley' })
        .thenThrows('participant_in_other_jurisdiction'));

    it('notes a consent of a noted case once; refuses one of a case never noted', () => {
      spec
        .given(history(caseOpened))
        .when(consent)
        .thenMatches([{ type: 'ConsentNoted', consentId, recipients: ['DCAO'] }]);
      spec.given(history(caseOpened, consent)).when(consent).thenNothing();
      spec.given([]).when(consent).thenThrows('case_not_noted');
    });

    it('refuses a consent the consent rules refuse', () =>
      spec
        .given(history(caseOpened))
        .when({ ...consent, recipients: [] } as ParticipantCoordinationCommand)
        .thenThrows('consent_invalid'));

    it('notes a revocation of a noted consent; refuses one of a consent never noted', () => {
      const revoked: ParticipantCoordinationCommand = {
        type: 'NoteConsentRevoked',
        jurisdiction: 'denver',
        consentId,
        recipients: 'all',
        revokedAt: '2027-01-20T17:00:00.000Z',
      };
      spec
        .given(history(caseOpened, consent))
        .when(revoked)
        .then([
          { type: 'ConsentRevocationNoted', consentId, recipients: 'all', revokedAt: '2027-01-20T17:00:00.000Z' },
        ]);
      spec.given(history(caseOpened)).when(revoked).thenThrows('consent_not_found');
    });

    it('notes the intake once, engagement changes, the exit and a re-enrolment', () => {
      spec
        .given(history(caseOpened))
        .when(intake)
        .then([{ type: 'IntakeNoted', caseId, completedOn: '2026-12-04', deadlineMet: true }]);
      spec.given(history(caseOpened, intake)).when(intake).thenNothing();
      const low: ParticipantCoordinationCommand = {
        type: 'NoteEngagement',
        jurisdiction: 'denver',
        caseId,
        level: 'low',
        changedOn: '2027-01-01',
      };
      spec
        .given(history(caseOpened))
        .when(low)
        .then([{ type: 'EngagementNoted', caseId, level: 'low', changedOn: '2027-01-01' }]);
      spec.given(history(caseOpened, low)).when(low).thenNothing();
      const exit: ParticipantCoordinationCommand = {
        type: 'NoteExit',
        jurisdiction: 'denver',
        caseId,
        reason: 'moved_away',
        exitedAt: '2027-02-01T17:00:00.000Z',
      };
      const back: ParticipantCoordinationCommand = {
        type: 'NoteReenrolment',
        jurisdiction: 'denver',
        caseId,
        reenrolledAt: '2027-03-01T17:00:00.000Z',
      };
      spec
        .given(history(caseOpened))
        .when(exit)
        .thenMatches([{ type: 'ExitNoted', reason: 'moved_away' }]);
      spec.given(history(caseOpened, exit)).when(exit).thenNothing();
      spec.given(history(caseOpened)).when(back).thenNothing();
      spec
        .given(history(caseOpened, exit))
        .when(back)
        .thenMatches([{ type: 'ReenrolmentNoted' }]);
    });

    it('holds the participation status and the consent that discloses it to the liaison, until revoked or exited', () => {
      const enrolled = spec.given(history(caseOpened, consent, intake)).state;
      expect(participationStatusOf(enrolled)).toEqual({
        enrolled: true,
        engaged: true,
        intakeCompletedByDeadline: true,
        exited: false,
      });
      const now = new Date('2027-01-12T17:00:00.000Z');
      expect(consentForRecipient(enrolled.consents, 'DCAO', now)?.consentId).toBe(consentId);
      const revoked = spec.given(
        history(caseOpened, consent, intake, {
          type: 'NoteConsentRevoked',
          jurisdiction: 'denver',
          consentId,
          recipients: ['DCAO'],
          revokedAt: '2027-01-05T17:00:00.000Z',
        }),
      ).state;
      expect(revoked.consents[0]!.revocations).toHaveLength(1);
      const exited = spec.given(
        history(caseOpened, consent, intake, {
          type: 'NoteExit',
          jurisdiction: 'denver',
          caseId,
          reason: 'moved_away',
          exitedAt: '2027-01-05T17:00:00.000Z',
        }),
      ).state;
      expect(participationStatusOf(exited)).toMatchObject({ enrolled: false, engaged: false, exited: true });
      expect(exited.consents[0]!.expiry).toMatchObject({ occurredAt: '2027-01-05T17:00:00.000Z' });
    });
  });

  describe('RecordLegalMatter', () => {
    it('records a legal matter of the participant, awaiting the liaison’s decision', () => {
      spec
        .given(history(caseOpened))
        .when(record())
        .then([
          {
            type: 'LegalMatterRecorded',
            legalMatterId,
            participantId,
            jurisdiction: 'denver',
            kind: 'new_charge',
            offenseCode: 'CO-18-4-401-PETTY',
            occurredOn: '2027-01-10',
            recordingOffice: 'DDA',
            recordedBy: { subject: 'dda-4', agency: 'DDA' },
            recordedOn: '2027-01-11',
            recordedAt: '2027-01-11T17:00:00.000Z',
          },
        ]);
      expect(spec.given(recorded()).state.legalMatters[legalMatterId]).toMatchObject({
        status: 'awaiting_decision',
        since: '2027-01-11',
      });
    });

    it('records a matter of a participant whose case it does not know (an older case, a warrant)', () =>
      spec
        .given([])
        .when(record({ kind: 'warrant', offenseCode: null, offenseCatalogued: false }))
        .thenMatches([{ type: 'LegalMatterRecorded', kind: 'warrant', offenseCode: null }]));

    it('records nothing new when the same matter is sent again (an import, a retry)', () =>
      spec.given(recorded()).when(record()).thenNothing());

    it('refuses a recording office that is not a prosecutor office', () =>
      spec
        .given([])
        .when(record({ recordedBy: police }))
        .thenThrows('not_a_prosecutor_office'));

    it('refuses an opaque-id-less prosecutor', () =>
      spec
        .given([])
        .when(record({ recordedBy: { ...districtAttorney, subject: 'dda@example.org' } }))
        .thenThrows('staff_id_invalid'));

    it('refuses an offense outside the catalogue', () =>
      spec
        .given([])
        .when(record({ offenseCatalogued: false }))
        .thenThrows('offense_not_catalogued'));

    it('refuses a day ahead of today', () =>
      spec
        .given([])
        .when(record({ occurredOn: '2027-01-12' }))
        .thenThrows('occurred_in_future'));

    it('refuses a matter in another jurisdiction than the participant’s', () =>
      spec
        .given(history(caseOpened))
        .when(record({ jurisdiction: 'san-luis-valley' }))
        .thenThrows('participant_in_other_jurisdiction'));
  });

  describe('DecideLegalMatter', () => {
    it('coordinates the matter with the plan, attributed to the liaison, with the matter’s kind', () => {
      spec
        .given(recorded())
        .when(decide())
        .then([
          {
            type: 'LegalMatterDecided',
            legalMatterId,
            kind: 'new_charge',
            decision: 'coordinate',
            reasonCode: 'plan_addresses_conduct',
            deferredUntil: null,
            reviewAt: null,
            decidedBy: { subject: 'dcao-2', agency: 'DCAO' },
            decidedOn: '2027-01-12',
            at: '2027-01-12T17:00:00.000Z',
          },
        ]);
      expect(
        spec.given([...recorded(), ...spec.given(recorded()).when(decide()).events]).state.legalMatters[legalMatterId],
      ).toMatchObject({
        status: 'coordinate',
        since: '2027-01-12',
      });
    });

    it.each([
      ['decline', 'declined'],
      ['file', 'filed'],
    ] as const)('%s: the matter is %s, and final', (decision, status) => {
      const decided = [...recorded(), ...spec.given(recorded()).when(decide({ decision })).events];
      expect(spec.given(decided).state.legalMatters[legalMatterId]!.status).toBe(status);
      spec.given(decided).when(decide()).thenThrows('legal_matter_decided');
    });

    it('lets a coordinated matter be declined, filed or deferred later, not coordinated twice', () => {
      const coordinated = [...recorded(), ...spec.given(recorded()).when(decide()).events];
      spec.given(coordinated).when(decide()).thenThrows('legal_matter_decided');
      spec
        .given(coordinated)
        .when(decide({ decision: 'decline' }))
        .thenMatches([{ type: 'LegalMatterDecided', decision: 'decline' }]);
    });

    it('defers the matter until a day ahead, reviewed at that day’s start', () => {
      spec
        .given(recorded())
        .when(defer())
        .thenMatches([
          {
            type: 'LegalMatterDecided',
            decision: 'defer',
            deferredUntil: '2027-02-01',
            reviewAt: '2027-02-01T07:00:00.000Z',
          },
        ]);
    });

    it('refuses every office but the liaison', () =>
      spec
        .given(recorded())
        .when(decide({ decidedBy: districtAttorney }))
        .thenThrows('not_the_liaison'));

    it('refuses an agency that is no prosecutor office at all', () =>
      spec
        .given(recorded())
        .when(decide({ decidedBy: police }))
        .thenThrows('not_a_prosecutor_office'));

    it('refuses a matter it does not hold', () =>
      spec.given(history(caseOpened)).when(decide()).thenThrows('legal_matter_not_found'));

    it('refuses a reason that is not a code', () =>
      spec
        .given(recorded())
        .when(decide({ reasonCode: 'Seen him again.' }))
        .thenThrows('reason_code_invalid'));

    it('refuses a deferral without a day, or to a day not ahead; a day with any other decision', () => {
      spec
        .given(recorded())
        .when(defer({ deferUntil: null, reviewAt: null }))
        .thenThrows('defer_until_required');
      spec
        .given(recorded())
        .when(defer({ deferUntil: '2027-01-12' }))
        .thenThrows('defer_until_not_ahead');
      spec
        .given(recorded())
        .when(decide({ deferUntil: '2027-02-01', reviewAt: '2027-02-01T07:00:00.000Z' }))
        .thenThrows('defer_until_not_allowed');
    });

    it('refuses a decision dated before the matter was recorded', () =>
      spec
        .given(recorded())
        .when(decide({ at: '2027-01-10T17:00:00.000Z' }))
        .thenThrows('decided_before_recorded'));
  });

  describe('ReviewDeferral', () => {
    const deferred = () => [...recorded(), ...spec.given(recorded()).when(defer()).events];
    const review = {
      type: 'ReviewDeferral',
      legalMatterId,
      deferredUntil: '2027-02-01',
      at: '2027-02-01T07:00:00.000Z',
    } as const;

    it('re-opens a deferred matter for a decision when its day comes', () => {
      spec
        .given(deferred())
        .when(review)
        .then([
          { type: 'DeferralCameDue', legalMatterId, deferredUntil: '2027-02-01', at: '2027-02-01T07:00:00.000Z' },
        ]);
      const due = [...deferred(), ...spec.given(deferred()).when(review).events];
      expect(spec.given(due).state.legalMatters[legalMatterId]).toMatchObject({
        status: 'awaiting_decision',
        since: '2027-02-01',
        deferral: null,
      });
    });

    it('does nothing once due already, after another decision, or for an earlier deferral', () => {
      const due = [...deferred(), ...spec.given(deferred()).when(review).events];
      spec.given(due).when(review).thenNothing();
      const declined = [...deferred(), ...spec.given(deferred()).when(decide({ decision: 'decline' })).events];
      spec.given(declined).when(review).thenNothing();
      const deferredAgain = [
        ...deferred(),
        ...spec.given(deferred()).when(defer({ deferUntil: '2027-03-01', reviewAt: '2027-03-01T07:00:00.000Z' }))
          .events,
      ];
      spec.given(deferredAgain).when(review).thenNothing();
    });

    it('refuses a review before the deferral is due', () =>
      spec
        .given(deferred())
        .when({ ...review, at: '2027-01-31T12:00:00.000Z' })
        .thenThrows('deferral_not_due'));
  });

  describe('DecideTermination', () => {
    it('terminates on an adopted criterion, with the protocol version', () =>
      spec
        .given(history(caseOpened))
        .when(terminate())
        .then([
          {
            type: 'TerminationDecided',
            criterionCode: 'new_violent_felony',
            protocolVersion: '2026-12',
            decidedBy: { subject: 'dda-4', agency: 'DDA' },
            at: '2027-01-12T17:00:00.000Z',
          },
        ]));

    it('refuses a code the DA did not adopt, and every code where none were', () => {
      spec
        .given(history(caseOpened))
        .when(terminate({ criterionCode: 'drug_use' }))
        .thenThrows('criterion_not_adopted');
      spec
        .given(history(caseOpened))
        .when(terminate({ adoptedCriteria: [] }))
        .thenThrows('no_termination_criteria');
    });

    it('refuses an office that is not a prosecutor office, and a participant without a known case', () => {
      spec
        .given(history(caseOpened))
        .when(terminate({ decidedBy: police }))
        .thenThrows('not_a_prosecutor_office');
      spec.given([]).when(terminate()).thenThrows('participant_not_found');
    });

    it('refuses a second termination, and one after the exit; a re-enrolment allows a new one', () => {
      const terminated = [...history(caseOpened), ...spec.given(history(caseOpened)).when(terminate()).events];
      spec.given(terminated).when(terminate()).thenThrows('termination_decided');
      const exit: ParticipantCoordinationCommand = {
        type: 'NoteExit',
        jurisdiction: 'denver',
        caseId,
        reason: 'terminated_by_prosecutor_criteria',
        exitedAt: '2027-01-12T18:00:00.000Z',
      };
      const exited = [...terminated, ...spec.given(terminated).when(exit).events];
      spec.given(exited).when(terminate()).thenThrows('participation_ended');
      const back: ParticipantCoordinationCommand = {
        type: 'NoteReenrolment',
        jurisdiction: 'denver',
        caseId,
        reenrolledAt: '2027-03-01T17:00:00.000Z',
      };
      const reenrolled = [...exited, ...spec.given(exited).when(back).events];
      spec
        .given(reenrolled)
        .when(terminate())
        .thenMatches([{ type: 'TerminationDecided' }]);
    });
  });
});

function withoutType<T extends { type: string }>(command: T): Omit<T, 'type'> {
  const { type: _type, ...rest } = command;
  return rest;
}
