import { kafkaHeadersOf, kafkaKeyOf, type IntegrationEvent } from '@lead/contracts';
import { decodeIntegrationEvent, encodeIntegrationEvent } from './cloud-events-codec.js';
import { MalformedMessage } from './malformed-message.js';

const event: IntegrationEvent<{ door: string; district: number }> = {
  id: '0190f5a2-7c3b-7d4e-8f10-1a2b3c4d5e6f',
  type: 'lead.referral.accepted',
  schemaVersion: 2,
  source: '/lead/referrals',
  time: '2026-03-01T10:15:00.000Z',
  participantId: 'p-7f3a',
  jurisdiction: 'denver',
  correlationId: 'c-1',
  causationId: 'e-0',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  data: { door: 'arrest_diversion', district: 6 },
};

describe('CloudEvents binary-mode codec', () => {
  it('puts every attribute in a ce_ header, the participant in the key, the data in the value', () => {
    const message = encodeIntegrationEvent(event);
    expect(message.key).toBe('p-7f3a');
    expect(JSON.parse(message.value.toString())).toEqual({ door: 'arrest_diversion', district: 6 });
    expect(message.headers).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: 'lead.referral.accepted',
      ce_source: '/lead/referrals',
      ce_time: '2026-03-01T10:15:00.000Z',
      ce_subject: 'p-7f3a',
      ce_dataschema: 'urn:lead:contracts:lead.referral.accepted:v2',
      ce_schemaversion: '2',
      ce_correlationid: 'c-1',
      ce_causationid: 'e-0',
      ce_jurisdiction: 'denver',
      traceparent: event.traceparent,
      'content-type': 'application/json',
    });
  });

  it('agrees with the Kafka binding libs/contracts publishes (and docs/asyncapi.yaml documents)', () => {
    for (const sample of [event, { ...event, causationId: null, traceparent: undefined }]) {
      const message = encodeIntegrationEvent(sample);
      expect(message.headers).toEqual(kafkaHeadersOf(sample));
      expect(message.key).toBe(kafkaKeyOf(sample));
    }
  });

  it('decodes what it encodes', () => {
    expect(decodeIntegrationEvent(encodeIntegrationEvent(event))).toEqual(event);
  });

  it('leaves out an absent causation and trace context instead of sending placeholders', () => {
    const direct = { ...event, causationId: null, traceparent: undefined };
    const message = encodeIntegrationEvent(direct);
    expect(message.headers).not.toHaveProperty('ce_causationid');
    expect(message.headers).not.toHaveProperty('traceparent');
    const decoded = decodeIntegrationEvent(message);
    expect(decoded.causationId).toBeNull();
    expect(decoded).not.toHaveProperty('traceparent');
  });

  it.each([
    ['a missing id', (h: Record<string, string>) => delete h.ce_id, /header ce_id is missing/],
    [
      'another spec version',
      (h: Record<string, string>) => (h.ce_specversion = '0.3'),
      /ce_specversion 0.3 is not supported/,
    ],
    [
      'a schema version that is not a positive integer',
      (h: Record<string, string>) => (h.ce_schemaversion = 'v2'),
      /ce_schemaversion/,
    ],
    [
      'a non-JSON content type',
      (h: Record<string, string>) => (h['content-type'] = 'application/avro'),
      /content-type application\/avro/,
    ],
  ])('refuses a message with %s as malformed', (_, spoil, reason) => {
    const message = encodeIntegrationEvent(event);
    spoil(message.headers);
    expect(() => decodeIntegrationEvent(message)).toThrow(MalformedMessage);
    expect(() => decodeIntegrationEvent(message)).toThrow(reason);
  });

  it('refuses a value that is not a JSON object', () => {
    expect(() => decodeIntegrationEvent({ ...encodeIntegrationEvent(event), value: Buffer.from('not json') })).toThrow(
      /the value is not JSON/,
    );
    expect(() => decodeIntegrationEvent({ ...encodeIntegrationEvent(event), value: Buffer.from('[1]') })).toThrow(
      /not a JSON object/,
    );
  });
});
