import { eventually, publishReferralEvent } from '@lead/testing';
import { randomUUID } from 'node:crypto';
import { acceptedReferral, call, startCaseManagementApp, type CaseManagementApp } from './case-management-app.js';

const DAY = 86_400_000;
const COORDINATION = { 'x-purpose-of-use': 'care-coordination' };

describe('the participation status police and prosecutors may learn, under consent', () => {
  let app: CaseManagementApp;
  let caseManager: string;
  let officer: string;
  let prosecutor: string;

  beforeAll(async () => {
    app = await startCaseManagementApp({}, new Date(Date.now() - 40 * DAY));
    caseManager = await app.token('case_manager', ['denver'], { agency: 'ARTS', subject: 'arts-cm-1' });
    officer = await app.token('officer', ['denver'], { agency: 'DPD', subject: 'dpd-7' });
    prosecutor = await app.token('prosecutor', ['denver'], { agency: 'DDA', subject: 'dda-3' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const now = () => app.clock.now().toISOString();
  const status = (token: string, participantId: string) =>
    call(app, 'GET', `/v1/participants/${participantId}/participation-status`, token, undefined, COORDINATION);

  async function caseWithConsent(consent: Record<string, unknown>) {
    const referral = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    await call(app, 'POST', `/v1/cases/${referral.caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' });
    const recorded = await call(app, 'POST', `/v1/cases/${referral.caseId}/consents`, caseManager, {
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: now(),
      rightToRevokeExplained: true,
      ...consent,
    });
    expect(recorded.status).toBe(201);
    return referral;
  }

  it('answers only the agencies the consent names, and 404 to the others, as for a stranger', async () => {
    const { participantId } = await caseWithConsent({
      recipients: ['DPD'],
      expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
    });
    expect((await status(officer, participantId)).status).toBe(200);
    expect((await status(prosecutor, participantId)).status).toBe(404);
    expect((await status(officer, randomUUID())).status).toBe(404);
    const alamosa = await app.token('officer', ['san-luis-valley'], { agency: 'APD', subject: 'apd-1' });
    expect((await status(alamosa, participantId)).status).toBe(404);
    // Not a route for the treating program: it reads the whole case instead.
    expect((await status(caseManager, participantId)).status).toBe(403);
  });

  it('stops at the expiry date, from its instant', async () => {
    const expiresAt = new Date(app.clock.now().getTime() + 10 * DAY);
    const { participantId } = await caseWithConsent({ recipients: ['DPD'], expiresAt: expiresAt.toISOString() });
    app.clock.set(new Date(expiresAt.getTime() - 1));
    expect((await status(officer, participantId)).status).toBe(200);
    app.clock.set(expiresAt);
    expect((await status(officer, participantId)).status).toBe(404);
  });

  it('finds the case under the surviving id after the referrals service merged two participant records', async () => {
    const referral = await caseWithConsent({ recipients: ['DPD'], expiresOn: 'participation-ended' });
    const survivor = randomUUID();
    await publishReferralEvent(app.store, referral, 'lead.participant.merged', {
      mergedInto: survivor,
      reasonCode: 'same_person_confirmed',
      mergedAt: now(),
    });
    await eventually(
      async () => (await status(officer, survivor)).status,
      (answer) => answer === 200,
      'the merge to be followed',
    );
    expect((await status(officer, referral.participantId)).status).toBe(200);
  });

  it('refuses a consent that names no expiry, or both, with a 400 naming the field', async () => {
    const referral = await acceptedReferral(app, { handOffAgency: 'ARTS' });
    const supervisor = await app.token('supervisor', ['denver'], { agency: 'ARTS', subject: 'arts-sup-1' });
    await call(app, 'POST', `/v1/cases/${referral.caseId}/case-manager`, supervisor, { caseManager: 'arts-cm-1' });
    const body = {
      recipients: ['DPD'],
      scope: ['participation-status'],
      purpose: 'lead-diversion-coordination',
      signedAt: now(),
      rightToRevokeExplained: true,
    };
    for (const expiry of [
      {},
      { expiresAt: new Date(Date.now() + DAY).toISOString(), expiresOn: 'participation-ended' },
    ]) {
      const refused = await call(app, 'POST', `/v1/cases/${referral.caseId}/consents`, caseManager, {
        ...body,
        ...expiry,
      });
      expect(refused).toMatchObject({ status: 400, body: { errors: [{ field: 'expiresAt' }] } });
    }
    const notExplained = await call(app, 'POST', `/v1/cases/${referral.caseId}/consents`, caseManager, {
      ...body,
      expiresOn: 'participation-ended',
      rightToRevokeExplained: false,
    });
    expect(notExplained).toMatchObject({ status: 422, body: { code: 'right_to_revoke_not_explained' } });
    const stranger = await call(app, 'POST', `/v1/cases/${referral.caseId}/consents`, caseManager, {
      ...body,
      recipients: ['FBI'],
      expiresOn: 'participation-ended',
    });
    expect(stranger).toMatchObject({ status: 422, body: { code: 'recipient_unknown' } });
  });
});
