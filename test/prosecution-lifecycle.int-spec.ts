import { ERASED, PersonalDataCipher } from '@lead/crypto';
import { ManualClock } from '@lead/scheduling';
import { ServiceClock } from '@lead/scheduling/service';
import { randomBytes } from 'node:crypto';
import { CaseManagementModule } from '../apps/case-management/src/case-management.module.js';
import { localDayOf } from '../apps/prosecution/src/prosecution-matter/intake-deadline/local-calendar.js';
import { ProsecutionModule } from '../apps/prosecution/src/prosecution.module.js';
import { ReferralsModule } from '../apps/referrals/src/referrals.module.js';
import { denverArrestDiversion } from '../apps/referrals/test/referrals-app.js';
import { busSettings, eventually, startService, stopServices, type RunningService } from './support/running-service.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const COORDINATION = { 'x-purpose-of-use': 'prosecution-coordination' };

/*
 * The held charge after enrolment, across referrals, case management and prosecution, on both buses:
 * - a Denver arrest diversion (protocol 2026-12) whose intake comes in time under a consent naming the DA: the
 *   charge is declined, not filed; the arrest's records become sealable (C.R.S. 24-72-704) and, once the four
 *   custodians confirmed, LEAD's own record of the arrest is closed: its narrative reads as erased in referrals;
 * - a Denver arrest diversion whose intake never comes: the prosecution service is stopped, and started again (a new
 *   process) after the deadline ran out; the charge is released, dated the instant the deadline ran out, once;
 * - a Rochester arrest diversion with an aggrieved party present who agrees: 30 days of participation later the
 *   infraction is expunged (by the sealing timer, after the same restart) and its narrative reads as erased;
 * - a new charge of an enrolled Denver participant coordinated by the liaison (the City Attorney's Office), who sees
 *   the participation status under the participant's consent, and not after its revocation.
 */
describe.each(['embedded', 'kafka'] as const)('the prosecution lifecycle across the services, BUS=%s', (bus) => {
  const suffix = randomBytes(5).toString('hex');
  const prefix = `t${suffix}.`;
  // Field times are just before now (requests may not be in the future); the prosecution clock starts now and is
  // moved past the deadlines by a restart.
  const now = Date.now();
  const before = (minutes: number) => new Date(now - minutes * MINUTE).toISOString();
  let shared: Record<string, string>;
  let referrals: RunningService;
  let prosecution: RunningService;
  let restarted: RunningService | undefined;
  let cases: RunningService;
  const prosecutionClock = new ManualClock(new Date(now));

  beforeAll(async () => {
    shared = {
      EVENT_STORE_SCHEMA: `test_lifecycle_es_${suffix}`,
      KEY_STORE_SCHEMA: `test_lifecycle_keys_${suffix}`,
      ...(await busSettings(bus, prefix)),
    };
    referrals = await startService(ReferralsModule, 'lifecycle_referrals', shared);
    prosecution = await startService(ProsecutionModule, 'lifecycle_prosecution', shared);
    prosecution.app.get(ServiceClock).drive(prosecutionClock);
    cases = await startService(CaseManagementModule, 'lifecycle_cases', shared);
  });

  afterAll(async () => {
    await stopServices(cases, restarted ?? prosecution, referrals);
  });

  interface Program {
    jurisdiction: string;
    police: string;
    provider: string;
    prosecutor: string;
    body: Record<string, unknown>;
  }
  const DENVER: Program = {
    jurisdiction: 'denver',
    police: 'DPD',
    provider: 'ARTS',
    prosecutor: 'DDA',
    body: {},
  };
  const ROCHESTER: Program = {
    jurisdiction: 'rochester-monroe',
    police: 'RPD',
    provider: 'ROC-LEAD-CM',
    prosecutor: 'MCDAO',
    body: {
      jurisdiction: 'rochester-monroe',
      district: 'genesee',
      area: 'ROC-GENESEE',
      offense: {
        code: 'NY-PL-155.25',
        probableCause: 'Left the corner store on Genesee St with two sandwiches unpaid',
      },
      aggrievedPartyPresent: true,
    },
  };

  /** An arrest diversion taken through the hand-off to enrolment and its case opened; the case manager assigned. */
  async function enrolled(program: Program, minutesAgo: number) {
    const j = program.jurisdiction;
    const officer = await referrals.token('officer', [j], { agency: program.police, subject: `${program.police}-7` });
    const arriving = await referrals.token('case_manager', [j], { agency: program.provider, subject: 'cm-7' });
    const prosecutor = await prosecution.token('prosecutor', [j], { agency: program.prosecutor, subject: 'ada-4' });
    const supervisor = await cases.token('supervisor', [j], { agency: program.provider, subject: 'sup-1' });
    const caseManager = await cases.token('case_manager', [j], { agency: program.provider, subject: 'cm-1' });
    const recorded = await referrals.call(
      'POST',
      '/v1/referrals',
      officer,
      // A person of their own per referral: the same name and birth date would be matched to one participant.
      denverArrestDiversion({
        referredAt: before(minutesAgo),
        person: { givenName: 'Marisol', familyName: `Vega-${minutesAgo}`, dateOfBirth: '1986-09-17' },
        ...program.body,
      }),
    );
    expect(recorded).toMatchObject({ status: 201, body: { protocolVersion: '2026-12' } });
    const referralId = recorded.body.referralId as string;
    const participantId = recorded.body.participantId as string;
    const step = async (token: string, route: string, minutes: number, body: Record<string, unknown> = {}) => {
      const answer = await referrals.call('POST', `/v1/referrals/${referralId}/${route}`, token, {
        ...body,
        at: before(minutesAgo - minutes),
      });
      expect(answer.status).toBe(200);
    };
    await step(officer, 'offer-answer', 2, { accepted: true });
    await step(officer, 'lead-line-call', 3);
    await step(arriving, 'case-manager-arrival', 20);
    await step(officer, 'custody-relinquished', 21);
    if (program === ROCHESTER) await step(officer, 'aggrieved-party-agreement', 22, { agreed: true });
    const matter = await eventually(
      () => prosecution.call('GET', `/v1/referrals/${referralId}/matter`, prosecutor),
      (answer) => answer.status === 200 && (program === ROCHESTER || !!answer.body.officerScreening),
      `the matter of referral ${referralId}`,
    );
    const matterId = matter.body.matterId as string;
    if (program === DENVER) {
      const decided = await prosecution.call('POST', `/v1/matters/${matterId}/eligibility-decision`, prosecutor, {
        eligible: true,
        reasonCode: 'meets_protocol',
        decidedAt: before(minutesAgo - 25),
      });
      expect(decided.status).toBe(200);
    }
    const opened = await eventually(
      () =>
        cases.db.query(
          `SELECT case_id FROM "${cases.env.DATABASE_SCHEMA}".participant_cases WHERE participant_id = $1`,
          [participantId],
        ),
      (result) => (result.rowCount ?? 0) === 1,
      `the case of referral ${referralId} to open`,
    );
    const caseId = opened.rows[0].case_id as string;
    expect(
      (await cases.call('POST', `/v1/cases/${caseId}/case-manager`, supervisor, { caseManager: 'cm-1' })).status,
    ).toBe(200);
    return { referralId, participantId, matterId, caseId, prosecutor, caseManager };
  }

  /** The intake, and a Part 2 consent naming `recipients` (the police and the prosecutor office), in case management. */
  async function intakeUnderConsent(
    program: Program,
    enrolment: Awaited<ReturnType<typeof enrolled>>,
    recipients = [program.police, program.prosecutor],
  ): Promise<string> {
    const { caseId, caseManager } = enrolment;
    const intake = await cases.call('POST', `/v1/cases/${caseId}/intake`, caseManager, {
      completedOn: new Date().toISOString().slice(0, 10), // case management counts UTC days
      place: 'drop-in centre',
      identity: { name: 'Marisol Vega', dateOfBirth: '1986-09-17' },
      raceEthnicity: ['hispanic_latina_e_o'],
      sex: 'female',
    });
    expect(intake).toMatchObject({ status: 200 });
    const consent = await cases.call('POST', `/v1/cases/${caseId}/consents`, caseManager, {
      recipients,
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: new Date().toISOString(),
      expiresOn: 'participation-ended',
      rightToRevokeExplained: true,
    });
    expect(consent.status).toBe(201);
    return consent.body.createdId as string;
  }

  const narrativeOf = async (referralId: string, participantId: string) => {
    const [recorded] = await referrals.store.readStream(`referral-${referralId}`, { maxCount: 1 });
    const opened = await referrals.app.get(PersonalDataCipher).openAll(participantId, recorded!.data);
    return (opened as { offense: { probableCause: unknown } }).offense.probableCause;
  };
  const matterOf = (service: RunningService, enrolment: { matterId: string; prosecutor: string }) =>
    service.call('GET', `/v1/matters/${enrolment.matterId}`, enrolment.prosecutor);

  it('a new charge of an enrolled participant, coordinated by the liaison, who sees the status under consent and not after its revocation', async () => {
    const enrolment = await enrolled(DENVER, 100);
    const consentId = await intakeUnderConsent(DENVER, enrolment, ['DPD', 'DCAO']);
    const { participantId, caseId, caseManager } = enrolment;
    const da = enrolment.prosecutor;
    const liaison = await prosecution.token('prosecutor', ['denver'], { agency: 'DCAO', subject: 'dcao-2' });
    // The prosecution clock catches up with the real one, which the consent's signature was taken from.
    const status = () => {
      prosecutionClock.set(new Date());
      return prosecution.call(
        'GET',
        `/v1/participants/${participantId}/coordination/participation-status`,
        liaison,
        undefined,
        COORDINATION,
      );
    };
    const recorded = await prosecution.call('POST', `/v1/participants/${participantId}/legal-matters`, da, {
      kind: 'new_charge',
      jurisdiction: 'denver',
      offenseCode: 'CO-18-4-401-PETTY',
      occurredOn: localDayOf(new Date(now), 'America/Denver'), // prosecution judges by the local day
    });
    expect(recorded.status).toBe(201);
    const legalMatterId = (recorded.body.legalMatters as Array<{ legalMatterId: string }>)[0]!.legalMatterId;
    // Case management's consent and intake reach prosecution over the bus: the liaison of the recorded charge sees
    // the status.
    const seen = await eventually(status, (answer) => answer.status === 200, 'the liaison to see the status');
    expect(seen.body).toMatchObject({
      participantId,
      status: { enrolled: true, exited: false },
      consent: { consentId },
    });
    expect(JSON.stringify(seen.body)).not.toMatch(/Marisol|Vega|1986|drop-in|powder/);

    const coordinated = await prosecution.call(
      'POST',
      `/v1/participants/${participantId}/legal-matters/${legalMatterId}/decision`,
      liaison,
      { decision: 'coordinate', reasonCode: 'plan_addresses_conduct' },
    );
    expect(coordinated).toMatchObject({ status: 200 });

    // The participant revokes the consent for the liaison's office: the status is withheld from then on.
    const revoked = await cases.call('POST', `/v1/cases/${caseId}/consents/${consentId}/revocation`, caseManager, {
      recipients: ['DCAO'],
    });
    expect(revoked.status).toBe(200);
    await eventually(status, (answer) => answer.status === 404, 'the status to be withheld after the revocation');
    const coordination = await prosecution.call('GET', `/v1/participants/${participantId}/coordination`, liaison);
    expect(coordination.status).toBe(200);
    expect(JSON.stringify(coordination.body)).not.toMatch(/enrolled|engaged|consent/);
  });

  it('declines, seals and expunges in time; releases at the deadline after a restart; expunges Rochester’s infraction after 30 days', async () => {
    // ---- Denver, intake in time: declined, sealable, sealed by every custodian, expunged here too.
    const sealedCase = await enrolled(DENVER, 90);
    await intakeUnderConsent(DENVER, sealedCase);
    const declined = await eventually(
      () => matterOf(prosecution, sealedCase),
      (answer) => answer.body.sealing !== null,
      'the charge declined and the arrest sealable',
    );
    const today = (declined.body.charge as { declined: { on: string } }).declined.on;
    expect(declined.body).toMatchObject({
      charge: { status: 'declined', declined: { reason: 'intake_completed' }, filed: null },
      intake: { inTime: true },
      sealing: { eligibleOn: today, effect: 'sealable_on_request' },
      expunged: null,
    });
    expect(await narrativeOf(sealedCase.referralId, sealedCase.participantId)).toBe(
      'Observed holding a baggie of white powder outside 1400 Pennsylvania St',
    );
    let answer = declined;
    for (const custodian of ['police', 'prosecutor', 'court', 'jail']) {
      answer = await prosecution.call(
        'POST',
        `/v1/matters/${sealedCase.matterId}/sealing-confirmations`,
        sealedCase.prosecutor,
        { custodian, sealedOn: today },
      );
      expect(answer.status).toBe(200);
    }
    expect(answer.body).toMatchObject({ expunged: { basis: 'sealed_by_custodians', on: today } });
    await eventually(
      () => narrativeOf(sealedCase.referralId, sealedCase.participantId),
      (narrative) => narrative === ERASED,
      'the narrative of the expunged arrest to read as erased',
    );

    // ---- Denver, no intake; Rochester with the aggrieved party's agreement, intake under consent.
    const lapsed = await enrolled(DENVER, 80);
    const rochester = await enrolled(ROCHESTER, 70);
    await intakeUnderConsent(ROCHESTER, rochester);
    await eventually(
      () => matterOf(prosecution, rochester),
      (seen) => (seen.body.charge as { status: string }).status === 'declined',
      'the Rochester charge declined on the intake',
    );
    const runsOutAt = (await matterOf(prosecution, lapsed)).body.charge as {
      status: string;
      deadlineRunsOutAt: string;
    };
    expect(runsOutAt.status).toBe('held');

    // ---- Prosecution down; up again (a new process on the same schema) 31 days on.
    const env = prosecution.env;
    await prosecution.app.close();
    await prosecution.db.end();
    restarted = await startService(ProsecutionModule, 'lifecycle_prosecution', {
      ...shared,
      DATABASE_SCHEMA: env.DATABASE_SCHEMA,
    });
    restarted.app.get(ServiceClock).drive(new ManualClock(new Date(now + 31 * DAY)));
    const up = restarted;

    const released = await eventually(
      () => matterOf(up, lapsed),
      (seen) => (seen.body.charge as { status: string }).status === 'released',
      'the lapsed charge to be released',
    );
    expect(released.body.charge).toMatchObject({ released: { reason: 'intake_deadline_passed' } });
    const releases = (await up.store.readStream(`prosecution-${lapsed.matterId}`)).filter(
      (event) => event.type === 'ChargeReleased',
    );
    expect(releases.map((event) => (event.data as { at: string }).at)).toEqual([runsOutAt.deadlineRunsOutAt]);

    const expunged = await eventually(
      () => matterOf(up, rochester),
      (seen) => seen.body.expunged !== null,
      'the Rochester infraction to be expunged after 30 days of participation',
    );
    expect(expunged.body).toMatchObject({
      sealing: { effect: 'expunged' },
      expunged: { basis: 'expunged_by_rule' },
    });
    await eventually(
      () => narrativeOf(rochester.referralId, rochester.participantId),
      (narrative) => narrative === ERASED,
      'the Rochester narrative to read as erased',
    );
    // The person's identity stays readable: only the arrest's narrative went.
    const [recorded] = await referrals.store.readStream(`referral-${rochester.referralId}`, { maxCount: 1 });
    expect(await referrals.app.get(PersonalDataCipher).openAll(rochester.participantId, recorded!.data)).toMatchObject({
      identity: { givenName: 'Marisol' },
    });
    await eventually(
      () => referrals.store.verifyAll(),
      (result) => result.ok,
      'every hash chain to verify',
    );
  });
});
