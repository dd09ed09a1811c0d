import { validateIntegrationEvent, type IntegrationEvent } from '@lead/contracts';
import { newEventId, type RecordedEvent } from '@lead/event-store';
import { prosecutionPublication } from './prosecution-matter.publication.js';
import { randomUUID } from 'node:crypto';
import type { ProsecutionMatterCommand } from './prosecution-matter.commands.js';
import { prosecutionMatterDecider, type ProsecutionMatterState } from './prosecution-matter.decider.js';
import type { ProsecutionMatterEvent } from './prosecution-matter.events.js';
import { matterIdFor, matterStream } from './prosecution-matter.repository.js';

/*
 * The prosecution service's real decider output, stored as the store stores it, through the publication the relay
 * publishes and every append is checked against (`prosecution-matter.publication.ts`), checked against the published contracts: the two sides cannot
 * drift apart without this failing.
 */

const referralId = randomUUID();
const participantId = randomUUID();
const matterId = matterIdFor(referralId);

function walk(commands: ProsecutionMatterCommand[]): ProsecutionMatterEvent[] {
  const events: ProsecutionMatterEvent[] = [];
  let state: ProsecutionMatterState = prosecutionMatterDecider.initialState;
  for (const command of commands) {
    const decided = prosecutionMatterDecider.decide(command, state);
    state = decided.reduce(prosecutionMatterDecider.evolve, state);
    events.push(...decided);
  }
  return events;
}

function stored(events: ProsecutionMatterEvent[]): RecordedEvent[] {
  return events.map((event, revision) => ({
    eventId: newEventId(),
    type: event.type,
    schemaVersion: 1,
    data: event,
    metadata: {
      correlationId: randomUUID(),
      causationId: randomUUID(),
      jurisdiction: 'denver',
      participantId,
      actor: { subject: 'ada-2', agency: 'DDA', role: 'prosecutor' },
    },
    streamId: matterStream(matterId),
    streamRevision: revision,
    position: { commit: 1n, prepare: BigInt(revision) },
    recordedAt: new Date('2024-03-02T12:00:00.000Z'),
    hash: '',
    previousHash: '',
  }));
}

function publish(events: RecordedEvent[]): IntegrationEvent[] {
  const published = events
    .map((event) => prosecutionPublication.map(event))
    .filter((e): e is IntegrationEvent => e !== null);
  for (const event of published) {
    const validation = validateIntegrationEvent(event, prosecutionPublication.topic);
    expect({ type: event.type, problems: validation.valid ? [] : validation.problems }).toEqual({
      type: event.type,
      problems: [],
    });
  }
  return published;
}

const SOURCE = { jurisdiction: 'denver', participantId };
const opening: ProsecutionMatterCommand[] = [
  {
    type: 'OpenMatter',
    matterId,
    referralId,
    participantId,
    jurisdiction: 'denver',
    offenseCode: 'CO-18-18-403.5',
    protocolVersion: '2018-07',
    prosecutorReviewRequired: true,
    arrestedAt: '2024-03-01T22:30:00.000Z',
    intakeDeadlineDays: 30,
    timeZone: 'America/Denver',
    afterIntake: 'decline_automatically',
    prosecutorOffices: ['DDA', 'DCAO'],
    sealing: {
      startsAt: 'charge_not_filed',
      eligibleAfterDays: 0,
      effect: 'sealable_on_request',
      custodians: ['police', 'prosecutor', 'court', 'jail'],
      authority: 'C.R.S. 24-72-704',
    },
  },
  { type: 'NoteOfficerScreening', jurisdiction: 'denver', eligible: true, protocolVersion: '2018-07' },
];

describe('the prosecution publication', () => {
  it('publishes the held charge, the decision and the release as contract-valid events; what the office learnt from the referral stays internal', () => {
    const events = stored(
      walk([
        ...opening,
        {
          type: 'DecideEligibility',
          eligible: false,
          reasonCode: 'pending_felony',
          prosecutor: { subject: 'ada-2', agency: 'DDA', agencyIsProsecutorOffice: true },
          at: '2024-03-02T12:00:00.000Z',
        },
        {
          type: 'NoteReferralEnded',
          jurisdiction: 'denver',
          reason: 'prosecutor_found_ineligible',
          at: '2024-03-02T12:00:01.000Z',
        },
      ]),
    );
    expect(events.map((e) => e.type)).toEqual([
      'MatterOpened',
      'ChargeHeld',
      'MatterTermsSet',
      'OfficerScreeningNoted',
      'EligibilityDecided',
      'ReferralEnded',
      'ChargeReleased',
    ]);
    const published = publish(events);
    expect(published).toEqual([
      expect.objectContaining({
        type: 'lead.prosecution.charge-held',
        participantId,
        jurisdiction: 'denver',
        data: {
          matterId,
          referralId,
          offenseCode: 'CO-18-18-403.5',
          heldOn: '2024-03-01',
          intakeDeadline: '2024-03-31',
        },
      }),
      expect.objectContaining({
        type: 'lead.prosecution.eligibility-decided',
        id: events[4].eventId,
        causationId: events[4].metadata.causationId,
        data: {
          matterId,
          referralId,
          decision: 'overridden',
          outcome: 'ineligible',
          reasonCode: 'pending_felony',
          decidedBy: { agency: 'DDA', staffId: 'ada-2' },
          decidedAt: '2024-03-02T12:00:00.000Z',
        },
      }),
      expect.objectContaining({
        type: 'lead.prosecution.charge-released',
        data: { matterId, reason: 'prosecutor_decision', releasedOn: '2024-03-02' },
      }),
    ]);
    expect(publish(events)).toEqual(published);
  });

  it('publishes the outcomes of the charge after the intake; consents and the intake stay internal', () => {
    const caseFacts: ProsecutionMatterCommand[] = [
      ...opening,
      {
        type: 'LinkCase',
        source: SOURCE,
        caseId: randomUUID(),
        providerAgency: 'ARTS',
        openedAt: '2024-03-02T16:00:00.000Z',
      },
      {
        type: 'NoteConsent',
        source: SOURCE,
        consentId: randomUUID(),
        recipients: ['DDA'],
        scope: ['participation-status'],
        purpose: 'care-coordination',
        signedAt: '2024-03-05T17:00:00.000Z',
        expiry: { kind: 'event', event: 'participation-ended' },
      },
      { type: 'NoteIntake', source: SOURCE, completedOn: '2024-03-10', reportedAt: '2024-03-10T12:00:00.000Z' },
      { type: 'NoteParticipationEnded', source: SOURCE, at: '2024-09-10T12:00:00.000Z' },
    ];
    const declined = stored(walk(caseFacts));
    expect(publish(declined).map((e) => [e.type, e.data])).toEqual([
      ['lead.prosecution.charge-held', expect.anything()],
      ['lead.prosecution.charge-declined', { matterId, reason: 'intake_completed', declinedOn: '2024-03-10' }],
      [
        'lead.prosecution.sealing-eligible',
        { matterId, recordCustodians: ['police', 'prosecutor', 'court', 'jail'], eligibleOn: '2024-03-10' },
      ],
    ]);
    // Every custodian confirms: each published, and LEAD's own record of the arrest closed with the last.
    const custodians = ['police', 'prosecutor', 'court', 'jail'] as const;
    const sealedAll = stored(
      walk([
        ...caseFacts,
        ...custodians.map((custodian): ProsecutionMatterCommand => ({
          type: 'ConfirmCustodianSealed',
          custodian,
          sealedOn: '2024-03-20',
          recordedBy: { subject: 'dda-7', agency: 'DDA', agencyIsProsecutorOffice: true },
          at: '2024-03-21T15:00:00.000Z',
        })),
      ]),
    );
    expect(
      publish(sealedAll)
        .slice(3)
        .map((e) => [e.type, e.data]),
    ).toEqual([
      ...custodians.map((custodian) => [
        'lead.prosecution.sealing-confirmed',
        { matterId, custodian, sealedOn: '2024-03-20' },
      ]),
      [
        'lead.prosecution.arrest-expunged',
        { matterId, referralId, basis: 'sealed_by_custodians', expungedOn: '2024-03-21' },
      ],
    ]);
    const filed = stored(
      walk([
        ...opening,
        { type: 'ExpireIntakeDeadline', at: '2024-04-01T07:00:00.000Z' },
        {
          type: 'DecideCharge',
          decision: 'file',
          prosecutor: { subject: 'dda-7', agency: 'DDA', agencyIsProsecutorOffice: true },
          at: '2024-04-03T15:00:00.000Z',
        },
      ]),
    );
    expect(publish(filed).map((e) => [e.type, e.data])).toEqual([
      ['lead.prosecution.charge-held', expect.anything()],
      ['lead.prosecution.charge-released', { matterId, reason: 'intake_deadline_passed', releasedOn: '2024-04-01' }],
      ['lead.prosecution.charge-filed', { matterId, offenseCode: 'CO-18-18-403.5', filedOn: '2024-04-03' }],
    ]);
  });

  it('publishes a confirmation as contract-valid', () => {
    const events = stored(
      walk([
        ...opening,
        {
          type: 'DecideEligibility',
          eligible: true,
          reasonCode: 'meets_protocol',
          prosecutor: { subject: 'idp:ada_7.denver', agency: 'DCAO', agencyIsProsecutorOffice: true },
          at: '2024-03-02T12:00:00.000Z',
        },
      ]),
    );
    expect(publish(events).at(-1)).toMatchObject({
      data: { decision: 'confirmed', outcome: 'eligible', decidedBy: { agency: 'DCAO', staffId: 'idp:ada_7.denver' } },
    });
  });
});
