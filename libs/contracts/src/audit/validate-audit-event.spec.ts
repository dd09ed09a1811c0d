import { auditEventProblems, assertValidAuditEvent } from './validate-audit-event.js';
import { auditEventSource, type AuditEvent } from './audit-event.js';

const checkpointSigned = (data: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}) =>
  ({
    id: '0b8f6a52-5e0c-4f47-9e3a-6f1c1d2e3f40',
    type: 'lead.audit.checkpoint-signed',
    schemaVersion: 1,
    source: auditEventSource('event_store'),
    time: '2026-12-04T10:00:00.000Z',
    subject: 'event_store',
    correlationId: '0b8f6a52-5e0c-4f47-9e3a-6f1c1d2e3f40',
    data: {
      format: 'lead-event-store-checkpoint/1',
      id: '0b8f6a52-5e0c-4f47-9e3a-6f1c1d2e3f40',
      createdAt: '2026-12-04T10:00:00.000Z',
      storeId: 'event_store',
      lastGlobalPosition: '1042/1042',
      eventCount: 12,
      allDigest: 'a'.repeat(64),
      merkleRoot: 'b'.repeat(64),
      streamCount: 3,
      fingerprintChars: 8,
      excludedPrefixes: ['participantmatch-'],
      keyId: 'ed25519:0123456789abcdef',
      signature: `${'A'.repeat(86)}==`,
      ...data,
    },
    ...envelope,
  }) as AuditEvent;

describe('lead.audit.checkpoint-signed v1', () => {
  it('accepts a signed statement keyed by the store id', () => {
    expect(auditEventProblems(checkpointSigned())).toEqual([]);
    // An empty store (or one whose every stream is left out): no event, the digest of nothing is empty.
    expect(
      auditEventProblems(checkpointSigned({ lastGlobalPosition: null, eventCount: 0, allDigest: '', streamCount: 0 })),
    ).toEqual([]);
  });

  it('refuses heads (they name streams), a participant envelope and a malformed signature, naming the field', () => {
    expect(auditEventProblems(checkpointSigned({ heads: [] }))).toEqual([
      { path: '/data', message: 'must not have property "heads"' },
    ]);
    expect(auditEventProblems(checkpointSigned({}, { jurisdiction: 'denver' }))[0]).toMatchObject({ path: '' });
    expect(auditEventProblems(checkpointSigned({ signature: 'not base64' }))[0]).toMatchObject({
      path: '/data/signature',
    });
    expect(() => assertValidAuditEvent(checkpointSigned({ storeId: 'no spaces allowed' }))).toThrow(/storeId/);
  });

  it('knows no other audit event type', () => {
    expect(auditEventProblems(checkpointSigned({}, { type: 'lead.audit.unknown' }))).toEqual([
      { path: '/type', message: 'unknown audit event type "lead.audit.unknown"' },
    ]);
  });
});
