import { randomUUID } from 'node:crypto';
import { integrationEvent } from '../test/integration-events.js';
import { INTEGRATION_EVENT_HEADERS, kafkaHeadersOf, kafkaKeyOf } from './kafka-binding.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

const event = integrationEvent(
  'lead.referral.accepted',
  1,
  { referralId: randomUUID(), acceptedAt: '2024-03-05T15:00:00Z' },
  { causationId: randomUUID(), traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
);

describe('the Kafka binding', () => {
  it('keys an event by its pseudonymous participant id', () => {
    expect(kafkaKeyOf(event)).toBe(event.participantId);
  });

  it('carries the CloudEvents attributes as binary-mode headers', () => {
    expect(kafkaHeadersOf(event)).toEqual({
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_source: '/lead/referrals',
      ce_type: 'lead.referral.accepted',
      ce_time: event.time,
      ce_subject: event.participantId,
      ce_dataschema: 'urn:lead:contracts:lead.referral.accepted:v1',
      ce_schemaversion: '1',
      ce_jurisdiction: 'seattle-king-county',
      ce_correlationid: event.correlationId,
      ce_causationid: event.causationId,
      traceparent: event.traceparent,
      'content-type': 'application/json',
    });
  });

  it('leaves out optional headers the event has no value for', () => {
    const headers = kafkaHeadersOf({ ...event, causationId: null, traceparent: undefined });
    expect(headers).not.toHaveProperty('ce_causationid');
    expect(headers).not.toHaveProperty('traceparent');
  });

  it('produces header values that match the schemas it documents', () => {
    const ajv = new Ajv2020({ strict: true });
    formats.default(ajv);
    const headers = kafkaHeadersOf(event);
    for (const header of INTEGRATION_EVENT_HEADERS) {
      expect({ header: header.name, valid: ajv.validate(header.schema, headers[header.name]) }).toEqual({
        header: header.name,
        valid: true,
      });
    }
  });
});
