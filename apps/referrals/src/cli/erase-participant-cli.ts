import { assertValidIntegrationEvent, REASON_CODE } from '@lead/contracts';
import { ConfiguredMasterKey, DataKeyStore, masterKeyMaterial } from '@lead/crypto';
import { PostgresEventStore, withAppendCheck } from '@lead/event-store';
import { publishableAppendCheck } from '@lead/messaging';
import { loadConfig } from '@lead/platform';
import { connectionBoundOptions, connectionBoundsFromEnv } from '@lead/platform/workers';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { ParticipantErasure, type ErasureStep } from '../participant/erase-participant/participant-erasure.js';
import { streamPurgeFor } from '../participant/erase-participant/erasure-providers.js';
import { participantDecider } from '../participant/participant.decider.js';
import { ParticipantMergeLogRepository } from '../participant/participant-merge-log.repository.js';
import { ParticipantRepository } from '../participant/participant.repository.js';
import { referralsPublication } from '../referral/referral.publication.js';
import { ReferralsConfig } from '../referrals.config.js';

export const ERASE_PARTICIPANT_USAGE = `Erases a participant of the referrals service: the whole person, every record merged with them.

  erase-participant --participant <id> --jurisdiction <jurisdiction> --reason <code> --operator <subject> --agency <agency>

  --participant   the participant id (a UUID)
  --jurisdiction  the participant's jurisdiction: anything else is refused, as the route answers 404
  --reason        why, as a code (lower-case letters, digits and _): e.g. court_order, statutory_right
  --operator      who ordered it (the program admin's subject), recorded with the erasure
  --agency        the agency they act for, e.g. OBHS

Environment: the referrals service's own (DATABASE_URL, EVENT_STORE_SCHEMA, KEY_STORE_SCHEMA, DATA_KEY_MASTER_KEY,
DATA_KEY_MASTER_KEY_ID, PARTICIPANT_MATCHING_KEY, NODE_ENV, ...). The PostgreSQL event store only (EVENT_STORE=postgres).
Idempotent: run it again after any failure or interruption; it completes what was begun and says when the person
was erased already. Prints one line per step, then the result as JSON.`;

export interface EraseParticipantCliIo {
  out(line: string): void;
  err(line: string): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = /^[A-Za-z0-9._@:-]{1,128}$/;

/** The `erase-participant` command; returns the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runEraseParticipantCli(
  argv: string[],
  env: Record<string, string | undefined>,
  io: EraseParticipantCliIo,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        participant: { type: 'string' },
        jurisdiction: { type: 'string' },
        reason: { type: 'string' },
        operator: { type: 'string' },
        agency: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${ERASE_PARTICIPANT_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(ERASE_PARTICIPANT_USAGE);
    return 0;
  }
  const problems = [
    !values.participant || !UUID.test(values.participant) ? '--participant must be a participant id (a UUID)' : null,
    !values.jurisdiction || !NAME.test(values.jurisdiction) ? '--jurisdiction must name the jurisdiction' : null,
    !values.reason || !REASON_CODE.test(values.reason)
      ? '--reason must be a code of lower-case letters, digits and _ (2 to 64 characters)'
      : null,
    !values.operator || !NAME.test(values.operator) ? '--operator must name who ordered the erasure' : null,
    !values.agency || !NAME.test(values.agency) ? '--agency must name the agency they act for' : null,
  ].filter((problem): problem is string => problem !== null);
  if (problems.length > 0) {
    io.err(`${problems.join('\n')}\n\n${ERASE_PARTICIPANT_USAGE}`);
    return 2;
  }

  const config = loadConfig(ReferralsConfig, env, 'referrals');
  if (config.EVENT_STORE !== 'postgres') {
    io.err('Erasure needs the PostgreSQL event store: EventStoreDB keeps the names of deleted streams.');
    return 1;
  }
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: 2,
    ...connectionBoundOptions(connectionBoundsFromEnv(env)),
  });
  try {
    const base = await PostgresEventStore.create({ pool, schema: config.EVENT_STORE_SCHEMA });
    // As the service writes: nothing is stored that its relay could not publish.
    const store = withAppendCheck(base, publishableAppendCheck(referralsPublication, assertValidIntegrationEvent));
    const { base64Key, keyId } = masterKeyMaterial(config);
    const keys = await DataKeyStore.create({
      pool,
      schema: config.KEY_STORE_SCHEMA,
      masterKey: ConfiguredMasterKey.fromBase64(base64Key, keyId),
    });
    const erasure = new ParticipantErasure(
      store,
      streamPurgeFor(config, pool),
      keys,
      new ParticipantRepository(store, participantDecider),
      new ParticipantMergeLogRepository(store),
    );
    const { state } = await erasure.load(values.participant!);
    if (state.status === 'none' || state.jurisdiction !== values.jurisdiction) {
      io.err(`There is no participant ${values.participant!} in ${values.jurisdiction!}.`);
      return 1;
    }
    const result = await erasure.erase({
      participantId: values.participant!,
      reasonCode: values.reason!,
      actor: { subject: values.operator!, agency: values.agency!, role: 'program_admin' },
      correlationId: randomUUID(),
      after: (step: ErasureStep) => io.out(`step: ${step}`),
    });
    io.out(JSON.stringify(result));
    return 0;
  } catch (error) {
    io.err(`erasure failed (run it again to complete it): ${(error as Error).message}`);
    return 1;
  } finally {
    await pool.end();
  }
}
