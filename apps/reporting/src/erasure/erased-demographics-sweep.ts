import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataKeyStore } from '@lead/crypto';
import {
  DATABASE_POOL,
  LOGGER,
  PlatformMetrics,
  RetentionSweep,
  SERVICE_SCHEMA,
  ShutdownRegistry,
} from '@lead/platform';
import type pg from 'pg';
import type { Logger } from 'pino';
import { LIVE_FACTS, ProgramFactProjection } from '../program-facts/program-fact-projection.js';

const DEMOGRAPHICS_RECORDED = 'lead.case.demographics-recorded';

/**
 * Lets go of the race and ethnicity of erased participants. The facts hold the codes opened from the sealed event;
 * once the participant's key is shredded (an erasure in any service: the key store is shared), they must become
 * unreadable here too, not only after the next rebuild. Periodically, page by page over the participants whose
 * demographics the facts still hold, it asks the key store which are shredded and marks their facts erased. Idempotent:
 * a fact already erased is not touched, so a run cut off or repeated changes nothing more.
 */
@Injectable()
export class ErasedDemographicsSweep implements OnApplicationBootstrap {
  readonly sweep: RetentionSweep;
  private cursor = '00000000-0000-0000-0000-000000000000';

  constructor(
    @Inject(DATABASE_POOL) pool: pg.Pool,
    @Inject(SERVICE_SCHEMA) schema: string,
    @Inject(DataKeyStore) private readonly keys: DataKeyStore,
    @Inject(ProgramFactProjection) facts: ProgramFactProjection,
    @Inject(LOGGER) logger: Logger,
    @Inject(PlatformMetrics) metrics: PlatformMetrics,
    @Inject(ShutdownRegistry) private readonly shutdown: ShutdownRegistry,
  ) {
    const table = `${facts.schema}.${LIVE_FACTS}`;
    this.sweep = new RetentionSweep({
      name: 'erased_demographics',
      lockKey: `${schema}.erased_demographics`,
      pool,
      deleteBatch: async (db, limit) => {
        const { rows } = await db.query<{ participant_id: string }>(
          `SELECT DISTINCT participant_id FROM ${table}
            WHERE type = $1 AND participant_id > $2 AND NOT (attrs->'demographics' ? 'erased')
            ORDER BY participant_id LIMIT $3`,
          [DEMOGRAPHICS_RECORDED, this.cursor, limit],
        );
        const candidates = rows.map((row) => row.participant_id);
        const erased = await this.keys.shreddedAmong(candidates);
        if (erased.length > 0)
          await db.query(
            `UPDATE ${table} SET attrs = jsonb_set(attrs, '{demographics}', '{"erased": true}')
              WHERE type = $1 AND participant_id = ANY($2)`,
            [DEMOGRAPHICS_RECORDED, erased],
          );
        // A short page ends the run; the next run starts from the first participant again.
        this.cursor = candidates.length < limit ? '00000000-0000-0000-0000-000000000000' : candidates.at(-1)!;
        return candidates.length;
      },
      logger: logger.child({ component: 'erasure' }),
      metrics,
    });
  }

  onApplicationBootstrap(): void {
    this.shutdown.register(this.sweep);
    this.sweep.start();
  }
}
