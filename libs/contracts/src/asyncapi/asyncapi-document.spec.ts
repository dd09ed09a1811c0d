import { Parser } from '@asyncapi/parser';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { auditContracts } from '../audit/audit-event.js';
import { contractCatalogue } from '../contract-catalogue.js';
import { INTEGRATION_EVENT_HEADERS } from '../kafka-binding.js';
import { AUDIT_TOPIC, deadLetterTopic, TOPICS } from '../topics.js';
import { buildAsyncApiDocument } from './asyncapi-document.js';
import { parseAsyncApiYaml, renderAsyncApiYaml } from './asyncapi-yaml.js';

const committedFile = fileURLToPath(new URL('../../../../docs/asyncapi.yaml', import.meta.url));

/** Diagnostics at severity error (0) or warning (1); information and hints (e.g. "3.1.0 exists") pass. */
async function problemsOf(text: string): Promise<string[]> {
  const { diagnostics } = await new Parser().parse(text);
  return diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

describe('docs/asyncapi.yaml', () => {
  it('is what `npm run contracts:asyncapi` generates from the catalogue (run it after changing a contract)', () => {
    const committed = parseAsyncApiYaml(fs.readFileSync(committedFile, 'utf8'));
    expect(committed).toEqual(parseAsyncApiYaml(renderAsyncApiYaml(buildAsyncApiDocument())));
  });

  it('is a valid AsyncAPI 3.0.0 document according to the official parser', async () => {
    expect(await problemsOf(fs.readFileSync(committedFile, 'utf8'))).toEqual([]);
  });

  it('would be rejected by that parser if it were broken (the validation is real)', async () => {
    const document = buildAsyncApiDocument() as { operations: Record<string, { channel: unknown }> };
    document.operations.publishReferralsEvents!.channel = { $ref: '#/channels/nowhere' };
    expect((await problemsOf(renderAsyncApiYaml(document))).join('\n')).toMatch(/nowhere/);
  });
});

describe('the AsyncAPI document', () => {
  const document = buildAsyncApiDocument() as {
    asyncapi: string;
    channels: Record<string, { address: string; messages: Record<string, unknown> }>;
    components: {
      messages: Record<string, { name: string; bindings: { kafka: { key: { format: string } } } }>;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- compared with toEqual / toMatchObject only
      schemas: Record<string, any>;
    };
  };

  it('is AsyncAPI 3.0.0 with a channel per topic and per dead-letter topic', () => {
    expect(document.asyncapi).toBe('3.0.0');
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    const topics = Object.values(TOPICS);
    expect(addresses.sort()).toEqual([...topics, ...topics.map(deadLetterTopic), AUDIT_TOPIC].sort());
  });

  it('carries the store checkpoints on lead.audit.v1, keyed by the store id, with the audit headers (no jurisdiction)', () => {
    for (const contract of auditContracts) {
      const id = `${contract.type}.v${contract.version}`;
      const channels = Object.values(document.channels).filter((c) => id in c.messages);
      expect(channels.map((c) => c.address)).toEqual([AUDIT_TOPIC]);
      expect(document.components.messages[id]).toMatchObject({
        headers: { allOf: [{ $ref: '#/components/schemas/CloudEventsAuditKafkaHeaders' }, {}] },
      });
      expect(document.components.messages[id]!.bindings.kafka.key.format).toBeUndefined();
    }
    const auditHeaders = document.components.schemas.CloudEventsAuditKafkaHeaders;
    expect(auditHeaders.required).toContain('ce_subject');
    expect(auditHeaders.properties).not.toHaveProperty('ce_jurisdiction');
  });

  it('has a message for every version of every event type, on the channels of its topic, keyed by participant id', () => {
    for (const contract of contractCatalogue) {
      const id = `${contract.type}.v${contract.version}`;
      expect(document.components.messages[id]).toMatchObject({ name: contract.type });
      expect(document.components.messages[id]!.bindings.kafka.key.format).toBe('uuid');
      const channels = Object.values(document.channels).filter((c) => id in c.messages);
      expect(channels.map((c) => c.address).sort()).toEqual([contract.topic, deadLetterTopic(contract.topic)].sort());
    }
    expect(Object.keys(document.components.messages)).toHaveLength(contractCatalogue.length + auditContracts.length);
  });

  it('gives each message the data schema of its version as payload, and its type and version as header constants', () => {
    for (const contract of contractCatalogue) {
      const id = `${contract.type}.v${contract.version}`;
      const { $schema: _dialect, $id: _id, ...schema } = contract.schema;
      expect(document.components.schemas[id]).toEqual(schema);
      expect(document.components.messages[id]).toMatchObject({
        payload: { $ref: `#/components/schemas/${id}` },
        headers: {
          allOf: [
            { $ref: '#/components/schemas/CloudEventsKafkaHeaders' },
            {
              properties: {
                ce_type: { const: contract.type },
                ce_schemaversion: { const: String(contract.version) },
              },
            },
          ],
        },
      });
    }
  });

  it('documents every CloudEvents header the binding defines, the required ones as required', () => {
    const headers = document.components.schemas.CloudEventsKafkaHeaders!;
    expect(Object.keys(headers.properties!).sort()).toEqual(INTEGRATION_EVENT_HEADERS.map((h) => h.name).sort());
    expect(headers.required).toEqual(
      expect.arrayContaining(['ce_id', 'ce_type', 'ce_source', 'ce_specversion', 'ce_time']),
    );
    expect(headers.required).not.toContain('traceparent');
  });
});
