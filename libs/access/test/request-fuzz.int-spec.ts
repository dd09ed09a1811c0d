import { randomUUID } from 'node:crypto';
import { fuzzWriteEndpoint, type FuzzReport } from '@lead/testing';
import { RecordConsentDto, RevokeConsentDto } from './participants-app/consent.dto.js';
import { seedParticipant } from './participants-app/fixtures.js';
import { startParticipantsApp, type ParticipantsApp } from './participants-app/participants-app.js';
import { RegisterParticipantDto } from './participants-app/register-participant.dto.js';

/**
 * The fuzz helper against the test-only write endpoints: at least 1,000 malformed bodies and tokens
 * each, every one answered with a 4xx problem naming what was wrong, none writing anything.
 */
describe('malformed requests to write endpoints', () => {
  let app: ParticipantsApp;
  const caseManager = { subject: 'cm-fuzz', agency: 'WOW', roles: ['case_manager'], jurisdictions: ['denver'] };
  // Fixed by default so `npm test` is deterministic; FUZZ_SEED=<n> explores (or replays) another run.
  const seed = Number(process.env.FUZZ_SEED ?? 20251123);

  beforeAll(async () => {
    // The run sends hundreds of bad tokens from one address; lockout has tests of its own.
    app = await startParticipantsApp({ env: { AUTH_THROTTLE_BURST: '1000000' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  function expectHeld(report: FuzzReport, minimumCases: number) {
    const context = `seed ${report.seed} (FUZZ_SEED=${report.seed} reproduces it)`;
    expect({ context, failures: report.failures.slice(0, 20), count: report.failures.length }).toEqual({
      context,
      failures: [],
      count: 0,
    });
    expect({ context, unexpectedEvents: report.unexpectedEvents }).toEqual({ context, unexpectedEvents: [] });
    expect(report.prototypePollution).toEqual([]);
    expect(report.cases).toBeGreaterThanOrEqual(minimumCases);
    expect(Object.keys(report.byStatus).filter((status) => Number(status) >= 500 || Number(status) < 400)).toEqual([]);
  }

  it('POST /v1/participants: 1,000 bodies and 250 tokens, all refused, nothing written', async () => {
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'POST',
      path: '/v1/participants',
      dto: RegisterParticipantDto,
      validBody: {
        jurisdiction: 'denver',
        name: 'Ann Lee',
        dateOfBirth: '1980-01-02',
        address: { line1: '1 Main St', city: 'Denver', postalCode: '80202' },
        phone: '720-555-0100',
        race: 'asian',
        district: 'D6',
      },
      tokens: { signer: app.signer, settings: app.settings, claims: caseManager },
      store: app.store,
      seed,
    });
    expectHeld(report, 1250);
    expect(report.byStatus).toMatchObject({ 400: expect.any(Number), 401: expect.any(Number), 413: 2 });
  });

  it('PUT /v1/participants/:id/consent (arrays, enums, dates): all refused, nothing written', async () => {
    const { participantId } = await seedParticipant(app, 'denver');
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'PUT',
      path: `/v1/participants/${participantId}/consent`,
      dto: RecordConsentDto,
      validBody: {
        recipients: ['DPD', 'DDA'],
        scope: ['participation-status'],
        purpose: 'lead-diversion-coordination',
        signedAt: '2025-01-01T00:00:00Z',
        expiresAt: '2026-01-01T00:00:00Z',
      },
      tokens: { signer: app.signer, settings: app.settings, claims: caseManager },
      store: app.store,
      seed: seed + 1,
      bodyCases: 600,
      tokenCases: 150,
    });
    expectHeld(report, 750);
  });

  it('POST /v1/participants/:id/consent/revocations: all refused, nothing written', async () => {
    const report = await fuzzWriteEndpoint({
      baseUrl: app.url,
      method: 'POST',
      path: `/v1/participants/${randomUUID()}/consent/revocations`,
      dto: RevokeConsentDto,
      validBody: { revokedAt: '2025-03-01T00:00:00Z', recipients: ['DPD'] },
      tokens: { signer: app.signer, settings: app.settings, claims: caseManager },
      store: app.store,
      seed: seed + 2,
      bodyCases: 300,
      tokenCases: 100,
    });
    expectHeld(report, 400);
  });
});
