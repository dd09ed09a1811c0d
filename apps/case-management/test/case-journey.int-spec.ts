import { assertValidIntegrationEvent, TOPICS, type CaseDemographicsRecordedV1 } from '@lead/contracts';
import { DataKeyStore, ERASED, PersonalDataCipher } from '@lead/crypto';
import {
  acceptedReferral,
  call,
  CASE_WORK,
  eventually,
  publishedCaseEvents,
  startCaseManagementApp,
  type CaseManagementApp,
} from './case-management-app.js';

const DAY = 86_400_000;
const COORDINATION = { 'x-purpose-of-use': 'care-coordination' };

describe("a participant's case, from the accepted referral to the exit", () => {
  let app: CaseManagementApp;
  let supervisor: string;
  let caseManager: string;
  let otherCaseManager: string;
  let officer: string;
  let prosecutor: string;
  let tepSupervisor: string;
  let slvSupervisor: string;

  beforeAll(async () => {
    // The clock starts in the past, so the times requests carry stay "not in the future" as it moves on.
    app = await startCaseManagementApp({}, new Date(Date.now() - 40 * DAY));
    supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    caseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
    otherCaseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-2' });
    officer = await app.token('officer', ['denver'], { agency: 'DPD', subject: 'dpd-7' });
    prosecutor = await app.token('prosecutor', ['denver'], { agency: 'DDA', subject: 'dda-3' });
    tepSupervisor = await app.token('supervisor', ['denver'], { agency: 'TEP', subject: 'tep-sup-1' });
    slvSupervisor = await app.token('supervisor', ['san-luis-valley'], { agency: 'ARTS', subject: 'crp-sup-1' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const now = () => app.clock.now().toISOString();
  const status = (token: string, participantId: string) =>
    call(app, 'GET', `/v1/participants/${participantId}/participation-status`, token, undefined, COORDINATION);
  const engagementOf = async (caseId: string) =>
    (
      (await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK)).body.clinical as {
        case: { engagement: { level: string } };
      }
    ).case.engagement.level;

  it('opens, is worked under consent, goes inactive and re-engages, exits and re-enrols', async () => {
    const referral = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const { caseId, participantId } = referral;

    // Only the provider's supervisor reaches a case nobody is assigned yet.
    expect((await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK)).status).toBe(404);
    expect((await call(app, 'GET', `/v1/cases/${caseId}`, tepSupervisor, undefined, CASE_WORK)).status).toBe(404);
    expect((await call(app, 'GET', `/v1/cases/${caseId}`, slvSupervisor, undefined, CASE_WORK)).status).toBe(404);
    const assigned = await call(app, 'POST', `/v1/cases/${caseId}/case-manager`, supervisor, {
      caseManager: 'arts-cm-1',
    });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toEqual({ caseId, revision: 1 });
    expect(assigned.etag).toBe('"1"');
    expect((await call(app, 'GET', `/v1/cases/${caseId}`, otherCaseManager, undefined, CASE_WORK)).status).toBe(404);

    // Before intake the service knows no identity.
    const fresh = await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ participantId, identity: { name: null, dateOfBirth: null } });

    const intake = await call(app, 'POST', `/v1/cases/${caseId}/intake`, caseManager, {
      completedOn: now().slice(0, 10),
      place: 'ARTS drop-in centre',
      identity: { name: 'Marisol Vega', dateOfBirth: '1986-09-17' },
      raceEthnicity: ['hispanic_latina_e_o', 'white'],
      sex: 'female',
    });
    expect(intake.status).toBe(200);
    // No consent yet: police and prosecutors learn nothing, not even that the person is known.
    expect((await status(officer, participantId)).status).toBe(404);

    const consent = await call(app, 'POST', `/v1/cases/${caseId}/consents`, caseManager, {
      recipients: ['DPD', 'DDA'],
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: now(),
      expiresOn: 'participation-ended',
      rightToRevokeExplained: true,
    });
    expect(consent.status).toBe(201);
    const consentId = consent.body.createdId as string;

    for (const token of [officer, prosecutor]) {
      const seen = await status(token, participantId);
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({
        participantId,
        status: { enrolled: true, engaged: true, intakeCompletedByDeadline: true, exited: false },
        consent: {
          consentId,
          scope: ['participation-status'],
          expiry: { kind: 'event', event: 'participation-ended' },
        },
      });
      expect(seen.body.redisclosureNotice).toMatch(/42 CFR part 2/);
      expect(JSON.stringify(seen.body)).not.toMatch(/Marisol|hispanic|drop-in/);
    }

    // Revoked for the DA only: the DA's next read is a 404; the police and the case manager still see theirs.
    const revoked = await call(app, 'POST', `/v1/cases/${caseId}/consents/${consentId}/revocation`, caseManager, {
      recipients: ['DDA'],
    });
    expect(revoked.status).toBe(200);
    expect((await status(prosecutor, participantId)).status).toBe(404);
    expect((await status(officer, participantId)).status).toBe(200);
    const read = await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK);
    expect(read.body).toMatchObject({ identity: { name: 'Marisol Vega', dateOfBirth: '1986-09-17' } });

    // A contact now; the configured days without one (Denver: 14 low, 30 inactive) move engagement at their instant.
    const contact = await call(app, 'POST', `/v1/cases/${caseId}/contacts`, caseManager, {
      kind: 'street_contact',
      successful: true,
      contactedAt: now(),
      durationMinutes: 20,
      livingSituation: 'homeless',
      note: 'Under the 14th St bridge; wants an ID.',
    });
    expect(contact.status).toBe(201);
    const contactedAt = app.clock.now().getTime();
    app.clock.set(new Date(contactedAt + 14 * DAY));
    await eventually(
      () => engagementOf(caseId),
      (level) => level === 'low',
      'engagement to go low',
    );
    app.clock.set(new Date(contactedAt + 30 * DAY));
    await eventually(
      () => engagementOf(caseId),
      (level) => level === 'inactive',
      'engagement to go inactive',
    );
    expect((await status(officer, participantId)).body).toMatchObject({ status: { enrolled: true, engaged: false } });

    const back = await call(app, 'POST', `/v1/cases/${caseId}/contacts`, caseManager, {
      kind: 'phone',
      successful: true,
      contactedAt: now(),
    });
    expect(back.status).toBe(201);
    expect(await engagementOf(caseId)).toBe('engaged');

    // Exit: the consent given until the end of participation expires with it.
    const exited = await call(app, 'POST', `/v1/cases/${caseId}/exit`, caseManager, {
      reason: 'transitioned_out',
      destination: '435',
    });
    expect(exited.status).toBe(200);
    expect((await status(officer, participantId)).status).toBe(404);
    expect(
      (
        await call(app, 'POST', `/v1/cases/${caseId}/contacts`, caseManager, {
          kind: 'phone',
          successful: true,
          contactedAt: now(),
        })
      ).body,
    ).toMatchObject({ status: 422, code: 'case_exited' });
    const reenrolled = await call(app, 'POST', `/v1/cases/${caseId}/reenrollment`, caseManager, {});
    expect(reenrolled.status).toBe(200);

    // Month by month, from the events: the street contact's month saw the participant homeless.
    const monthly = (
      (await call(app, 'GET', `/v1/cases/${caseId}`, caseManager, undefined, CASE_WORK)).body.clinical as {
        case: { monthlyStatus: Array<{ month: string; housing: string; contacts: number }> };
      }
    ).case.monthlyStatus;
    const contactMonth = new Date(contactedAt).toISOString().slice(0, 7);
    expect(monthly.find((m) => m.month === contactMonth)).toMatchObject({ housing: 'homeless' });
    expect(monthly.reduce((sum, m) => sum + m.contacts, 0)).toBe(2);
    expect(monthly.at(-1)!.month).toBe(now().slice(0, 7));

    // Published: status only, every message valid against its contract, nothing worded, and nothing sealed but the
    // demographics the reports need, which stay sealed with the participant's key.
    const published = await eventually(
      async () => (await publishedCaseEvents(app)).filter((e) => (e.data as { caseId?: string }).caseId === caseId),
      (events) => events.some((e) => e.type === 'lead.case.reenrolled'),
      'the case events to be published',
    );
    for (const event of published) assertValidIntegrationEvent(event, TOPICS.cases);
    expect(published.map((e) => e.type)).toEqual([
      'lead.case.opened',
      'lead.case.intake-completed',
      'lead.case.demographics-recorded',
      'lead.case.consent-recorded',
      'lead.case.consent-revoked',
      'lead.case.contact-logged',
      'lead.case.engagement-changed',
      'lead.case.engagement-changed',
      'lead.case.contact-logged',
      'lead.case.engagement-changed',
      'lead.case.exited',
      // Engaged when they left, engaged when they came back: no change to publish.
      'lead.case.reenrolled',
    ]);
    const recorded = published.find((e) => e.type === 'lead.case.demographics-recorded')!;
    const { demographics } = recorded.data as CaseDemographicsRecordedV1;
    expect(recorded.participantId).toBe(participantId);
    expect(demographics).toEqual({ $sealed: 'aes-256-gcm/v1', data: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    // Race and ethnicity never in clear, sealed value included.
    expect(JSON.stringify(published)).not.toContain('hispanic');
    // Ids and instants are random digits and hex that could spell a secret by chance: they are blanked before the
    // scan, and so is the demographics' ciphertext (random base64), the one sealed value allowed.
    const text = JSON.stringify(
      published.map((e) => (e === recorded ? { ...e, data: { ...e.data, demographics: '<sealed>' } } : e)),
    )
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<instant>');
    for (const secret of ['Marisol', '1986', 'bridge', 'homeless', 'hispanic', '$sealed', 'arts-cm-1', '435'])
      expect(text).not.toContain(secret);

    // A service holding the key store opens it, with the participant's key, to what the intake recorded ...
    const cipher = app.app.get(PersonalDataCipher);
    expect(await cipher.open(recorded.participantId, demographics)).toEqual({
      raceEthnicity: ['hispanic_latina_e_o', 'white'],
      sex: 'female',
    });
    // ... and once the participant is erased (the key shredded), the published value opens nowhere, retained logs
    // included: the message is unchanged, its key is gone.
    await app.app.get(DataKeyStore).shred(participantId);
    const republished = (await publishedCaseEvents(app)).find((e) => e.id === recorded.id)!;
    expect(republished.data).toEqual(recorded.data);
    expect(await cipher.open(participantId, demographics)).toBe(ERASED);
  });
});
