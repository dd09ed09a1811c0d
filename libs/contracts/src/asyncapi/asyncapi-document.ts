import { auditEventHistories } from '../audit/audit-event.js';
import { AUDIT_EVENT_HEADERS } from '../audit/audit-kafka-binding.js';
import { eventHistories } from '../contract-catalogue.js';
import { dataSchemaUri, type EventContract } from '../event-contract.js';
import type { EventHistory } from '../event-history.js';
import {
  INTEGRATION_EVENT_CONTENT_TYPE,
  INTEGRATION_EVENT_HEADERS,
  type KafkaHeaderDefinition,
} from '../kafka-binding.js';
import type { JsonSchema } from '../schema/json-schema.js';
import { AUDIT_TOPIC, deadLetterTopic, TOPICS } from '../topics.js';

const KAFKA_BINDING_VERSION = '0.5.0';

/** What each topic carries and who writes it, for the channel descriptions. */
const CHANNELS: Record<keyof typeof TOPICS, { title: string; producer: string }> = {
  referrals: { title: 'Referral events', producer: '/lead/referrals' },
  cases: { title: 'Case management events', producer: '/lead/case-management' },
  prosecution: { title: 'Prosecution events', producer: '/lead/prosecution' },
};

type Document = Record<string, unknown>;

/**
 * The AsyncAPI 3.0 document of every topic, message, key and header, built from the contract
 * catalogue alone. `npm run contracts:asyncapi` writes it to docs/asyncapi.yaml; a test rebuilds
 * it and compares, so the document cannot drift from the code.
 */
export function buildAsyncApiDocument(
  histories: readonly EventHistory[] = eventHistories,
  auditHistories: readonly EventHistory[] = auditEventHistories,
): Document {
  const channels: Document = {};
  const operations: Document = {};
  const messages: Document = {};
  const schemas: Document = {
    CloudEventsKafkaHeaders: headersSchema(INTEGRATION_EVENT_HEADERS),
    CloudEventsAuditKafkaHeaders: headersSchema(AUDIT_EVENT_HEADERS),
  };

  for (const [channel, topic] of Object.entries(TOPICS) as Array<[keyof typeof TOPICS, string]>) {
    const { title, producer } = CHANNELS[channel];
    const contracts = histories.filter((h) => h.topic === topic).flatMap((h): readonly EventContract[] => h.versions);
    const references = Object.fromEntries(
      contracts.map((c) => [messageId(c), { $ref: `#/components/messages/${messageId(c)}` }]),
    );
    const deadLetters = `${channel}DeadLetters`;
    channels[channel] = {
      address: topic,
      title,
      description:
        `Written by \`${producer}\` (CloudEvents \`source\`). CloudEvents Kafka binding, binary mode: the envelope ` +
        'travels in `ce_` headers, the value is the event’s data as JSON. Keyed by the pseudonymous participant id: ' +
        'one participant’s events are in order within a partition. At-least-once: deduplicate on `ce_id`.',
      messages: references,
      bindings: { kafka: { topic, bindingVersion: KAFKA_BINDING_VERSION } },
    };
    channels[deadLetters] = {
      address: deadLetterTopic(topic),
      title: `${title}: dead letters`,
      description:
        `Messages of \`${topic}\` that a LEAD consumer could not process after its retries: the original key, ` +
        'value and headers, plus the dead-letter headers `libs/messaging` adds. Transient failures are retried, ' +
        'never dead-lettered; dead letters can be listed and replayed.',
      messages: references,
      bindings: { kafka: { topic: deadLetterTopic(topic), bindingVersion: KAFKA_BINDING_VERSION } },
    };
    const operationMessages = (on: string) =>
      contracts.map((c) => ({ $ref: `#/channels/${on}/messages/${messageId(c)}` }));
    operations[`publish${capitalise(channel)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${channel}` },
      summary: `${producer} publishes its integration events (newest version of each type).`,
      messages: operationMessages(channel),
    };
    operations[`deadLetter${capitalise(channel)}Events`] = {
      action: 'send',
      channel: { $ref: `#/channels/${deadLetters}` },
      summary: `A LEAD consumer of ${topic} parks a message it cannot process.`,
      messages: operationMessages(deadLetters),
    };
    for (const history of histories.filter((h) => h.topic === topic)) {
      for (const contract of history.versions) {
        schemas[messageId(contract)] = withoutIdentity(contract.schema);
        messages[messageId(contract)] = message(contract, history, PARTICIPANT_KEYED);
      }
    }
  }

  // The store's checkpoints: no participant, no jurisdiction, no dead letters (nothing in LEAD consumes them).
  const auditContracts = auditHistories.flatMap((h): readonly EventContract[] => h.versions);
  channels.audit = {
    address: AUDIT_TOPIC,
    title: 'Event store checkpoints',
    description:
      'One message per signed checkpoint of the event store (`/lead/event-store/<storeId>`, docs/audit.md), ' +
      'published by the relay of the store’s checkpoints from the records the checkpoint schedule writes. Keyed ' +
      'by the store id. Keep every message for as long as checkpoints are kept: unlimited retention ' +
      '(`retention.ms=-1`) and never compaction, which would keep only the newest per store. The auditor ' +
      'verifies the store against them. At-least-once: deduplicate on `ce_id`, the checkpoint id.',
    messages: Object.fromEntries(
      auditContracts.map((c) => [messageId(c), { $ref: `#/components/messages/${messageId(c)}` }]),
    ),
    bindings: { kafka: { topic: AUDIT_TOPIC, bindingVersion: KAFKA_BINDING_VERSION } },
  };
  operations.publishAuditEvents = {
    action: 'send',
    channel: { $ref: '#/channels/audit' },
    summary: 'The service holding the checkpoint lease publishes each checkpoint it signed.',
    messages: auditContracts.map((c) => ({ $ref: `#/channels/audit/messages/${messageId(c)}` })),
  };
  for (const history of auditHistories)
    for (const contract of history.versions) {
      schemas[messageId(contract)] = withoutIdentity(contract.schema);
      messages[messageId(contract)] = message(contract, history, STORE_KEYED);
    }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'LEAD integration events',
      version: '1.0.0',
      description:
        'Events the LEAD (Law Enforcement Assisted Diversion) coordination backend publishes for integrators: ' +
        'evaluators, county data warehouses, provider systems. Integration events name the participant by a ' +
        'pseudonymous id only: no name, birth date, address, offense narrative or clinical detail. Topic names ' +
        'carry the major version; each message carries its own schema version and older versions stay readable ' +
        '(upcast them on read). Generated from `libs/contracts` by `npm run contracts:asyncapi`; see docs/contracts.md.',
    },
    defaultContentType: INTEGRATION_EVENT_CONTENT_TYPE,
    servers: {
      compose: {
        host: 'kafka:9092',
        protocol: 'kafka',
        description: 'The broker of docker-compose.yml; a deployment names its own brokers (`KAFKA_BROKERS`).',
      },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

interface Keying {
  headers: string;
  key: Document;
}

const PARTICIPANT_KEYED: Keying = {
  headers: 'CloudEventsKafkaHeaders',
  key: { type: 'string', format: 'uuid', description: 'The pseudonymous participant id (= `ce_subject`).' },
};

const STORE_KEYED: Keying = {
  headers: 'CloudEventsAuditKafkaHeaders',
  key: { type: 'string', description: 'The store id (= `ce_subject`).' },
};

function message(contract: EventContract, history: EventHistory, keying: Keying): Document {
  const superseded =
    contract.version < history.latest.version
      ? ` Superseded by v${history.latest.version}: still found on the topic for events published before; ` +
        'consumers upcast it.'
      : '';
  return {
    name: contract.type,
    title: `${contract.type} v${contract.version}`,
    summary: contract.summary,
    description: `${contract.schema.description ?? ''}${superseded}`,
    contentType: INTEGRATION_EVENT_CONTENT_TYPE,
    correlationId: {
      description: 'Everything one request caused shares it.',
      location: '$message.header#/ce_correlationid',
    },
    headers: {
      allOf: [
        { $ref: `#/components/schemas/${keying.headers}` },
        {
          type: 'object',
          properties: {
            ce_type: { type: 'string', const: contract.type },
            ce_schemaversion: { type: 'string', const: String(contract.version) },
            ce_dataschema: { type: 'string', const: dataSchemaUri(contract.type, contract.version) },
          },
        },
      ],
    },
    payload: { $ref: `#/components/schemas/${messageId(contract)}` },
    bindings: {
      kafka: {
        key: keying.key,
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

function headersSchema<E>(headers: readonly KafkaHeaderDefinition<E>[]): JsonSchema {
  return {
    type: 'object',
    description:
      'CloudEvents Kafka binding, binary mode: attributes as `ce_` headers (UTF-8 strings). Other headers may be ' +
      'present (dead-letter details, broker tooling) and are ignored.',
    required: headers.filter((h) => h.required).map((h) => h.name),
    properties: Object.fromEntries(headers.map((h) => [h.name, { ...h.schema, description: h.description }])),
  };
}

/** `$schema` and `$id` name the JSON Schema document; inside AsyncAPI the component key names it. */
function withoutIdentity(schema: JsonSchema): JsonSchema {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
}

function messageId(contract: EventContract): string {
  return `${contract.type}.v${contract.version}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
