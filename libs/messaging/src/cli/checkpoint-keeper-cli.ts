import { AUDIT_TOPIC } from '@lead/contracts';
import { KeyRingUnreadable, readKeyRingDirectory } from '@lead/event-store';
import { parseArgs } from 'node:util';
import type { KafkaClient } from '../transport/kafka/kafka-client.port.js';
import { parseBrokers } from '../transport/kafka/kafka-settings.js';
import { KafkajsClient } from '../transport/kafka/kafkajs-client.js';
import { keepCheckpoints } from './checkpoint-keeper.js';

export const CHECKPOINT_KEEPER_USAGE = `  lead-audit keep --out DIR --keys DIR [--brokers HOST:PORT,...] [--topic T] [--store-id ID] [--max-age MIN]
                  [--json]
                  keeps the store's signed checkpoints from the bus (${AUDIT_TOPIC}) in DIR, off the services'
                  database: each message's signature is checked with the public keys in --keys (as verify's), and
                  each statement not yet in DIR is written as <createdAt>_<id>.json, never replacing a file. Run it
                  on a schedule; a rerun keeps only what is missing. verify --checkpoints DIR measures the store
                  against them (a statement without heads detects a change, a checkpoint file also says where).
                  --brokers default $KAFKA_BROKERS; --topic default $KAFKA_TOPIC_PREFIX${AUDIT_TOPIC}; --store-id
                  default $EVENT_STORE_ID, else any store. --max-age: exit 1 when the newest trustworthy checkpoint on
                  the topic is older than MIN minutes (the deployment stopped publishing, or someone keeps them off).
                  Exit 0 kept (or nothing new), 1 a message refused that no earlier run refused (forged, another key,
                  another store, not the contract: someone wrote to the topic; kept in DIR/.refused.ndjson, so a
                  rerun does not raise it again) or stale (--max-age), 2 setup errors.`;

export const CHECKPOINT_KEEPER_OPTIONS = {
  out: { type: 'string' },
  keys: { type: 'string' },
  brokers: { type: 'string' },
  topic: { type: 'string' },
  'store-id': { type: 'string' },
  'max-age': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface CheckpointKeeperIo {
  out(line: string): void;
  err(line: string): void;
}

/** `lead-audit keep`; returns the exit code. `kafka` overrides the client built from --brokers (tests). */
export async function runCheckpointKeeperCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: CheckpointKeeperIo,
  kafka?: KafkaClient,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: CHECKPOINT_KEEPER_OPTIONS,
    });
  } catch (error) {
    io.err(`lead-audit: ${(error as Error).message}\n\n${CHECKPOINT_KEEPER_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const brokers = values.brokers ?? env.KAFKA_BROKERS;
  const problems = [
    positionals.length > 1 && `unexpected argument ${positionals[1]}`,
    !values.out && '--out DIR (where the checkpoints are kept) is required',
    !values.keys && '--keys DIR (the auditor’s public keys) is required',
    !brokers && '--brokers (or KAFKA_BROKERS) is required',
    values['max-age'] !== undefined &&
      !/^[1-9][0-9]{0,6}$/.test(values['max-age']) &&
      '--max-age must be a whole number of minutes',
  ].filter((problem): problem is string => typeof problem === 'string');
  if (problems.length > 0) {
    io.err(`lead-audit: ${problems.join('\n')}\n\n${CHECKPOINT_KEEPER_USAGE}`);
    return 2;
  }
  const topic = values.topic ?? `${env.KAFKA_TOPIC_PREFIX ?? ''}${AUDIT_TOPIC}`;
  let client = kafka;
  try {
    const keyRing = await readKeyRingDirectory(values.keys!).catch((error: unknown) => {
      throw error instanceof KeyRingUnreadable ? new Error(`--keys: ${error.message}`) : error;
    });
    client ??= new KafkajsClient({ brokers: parseBrokers(brokers!), clientId: 'lead-audit-keep' });
    const storeId = values['store-id'] ?? (env.EVENT_STORE_ID || undefined);
    const report = await keepCheckpoints({ kafka: client, topic, directory: values.out!, keyRing, storeId });
    for (const { file, id } of report.kept)
      io.out(values.json ? JSON.stringify({ kept: file, id }) : ['kept', file, id].join('\t'));
    for (const { origin, reason, known } of report.refused) {
      const kind = known ? 'refused-before' : 'refused';
      io.out(values.json ? JSON.stringify({ [kind]: origin, reason }) : [kind, origin, reason].join('\t'));
    }
    const fresh = report.refused.filter((refusal) => !refusal.known).length;
    const newest = [...report.newest].map(([store, at]) => `${store} ${at}`).join(', ') || 'none';
    io.err(
      `lead-audit: ${topic}: ${report.kept.length} checkpoint(s) kept in ${values.out}, ${report.alreadyKept} already kept, ` +
        `${fresh} message(s) refused now, ${report.refused.length - fresh} refused before; newest checkpoint ${newest}`,
    );
    const maxAgeMinutes = values['max-age'] === undefined ? undefined : Number(values['max-age']);
    // Each store on its own: one that keeps publishing must not hide one that stopped.
    const stores =
      storeId !== undefined ? [storeId] : report.newest.size > 0 ? [...report.newest.keys()] : ['any store'];
    const stale =
      maxAgeMinutes === undefined
        ? []
        : stores.filter((store) => {
            const at = report.newest.get(store);
            return at === undefined || Date.now() - Date.parse(at) > maxAgeMinutes * 60_000;
          });
    for (const store of stale)
      io.err(
        `lead-audit: no checkpoint of ${store} newer than ${maxAgeMinutes} minute(s) on ${topic}: the deployment stopped publishing them, or they are kept off the bus`,
      );
    return fresh > 0 || stale.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(`lead-audit: ${(error as Error).message}`);
    return 2;
  } finally {
    if (!kafka) await client?.close().catch(() => undefined);
  }
}
