import { migrate, quoteSchema } from '@lead/event-store';
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { AES_256_KEY_BYTES } from './aes-gcm.js';
import { ParticipantDataErased } from './errors.js';
import type { MasterKeySource } from './master-key-source.js';
import { keyStoreMigrations } from './migrations/index.js';

export interface DataKeyStoreOptions {
  pool: pg.Pool;
  /** Schema of the key table; kept apart from the event store so it can have its own grants and backups. */
  schema?: string;
  masterKey: MasterKeySource;
}

/** What the store knows about one participant's data key. */
export type DataKeyLookup =
  { state: 'active'; key: Buffer } | { state: 'shredded'; shreddedAt: Date } | { state: 'none' };

export interface ShredResult {
  participantId: string;
  shreddedAt: Date;
  /** True when the key had already been destroyed (shredding is idempotent). */
  alreadyShredded: boolean;
}

interface KeyRow {
  master_key_id: string | null;
  wrapped_key: Buffer | null;
  shredded_at: Date | null;
}

/**
 * Per-participant data keys (AES-256), stored wrapped by the master key in a PostgreSQL table.
 * Keys are unwrapped on every use and never cached: a cached key would keep decrypting after the
 * participant's key was shredded, in this process or another.
 */
export class DataKeyStore {
  private readonly table: string;

  private constructor(private readonly options: DataKeyStoreOptions & { schema: string }) {
    this.table = `${quoteSchema(options.schema)}.participant_data_keys`;
  }

  /** Applies pending migrations of the key schema, then returns a ready store. */
  static async create(options: DataKeyStoreOptions): Promise<DataKeyStore> {
    const schema = options.schema ?? 'key_store';
    await migrate(options.pool, schema, keyStoreMigrations);
    return new DataKeyStore({ ...options, schema });
  }

  /**
   * The participant's key, created on first use. `newParticipant` skips the first look (a participant id just
   * minted has no key): the create-or-get statement still answers a key or tombstone stored before.
   * @throws ParticipantDataErased once it was shredded.
   */
  async dataKeyFor(participantId: string, options: { newParticipant?: boolean } = {}): Promise<Buffer> {
    if (!options.newParticipant) {
      const existing = await this.lookup(participantId);
      if (existing.state === 'active') return existing.key;
      if (existing.state === 'shredded') throw new ParticipantDataErased(participantId);
    }

    const key = randomBytes(AES_256_KEY_BYTES);
    const wrapped = await this.options.masterKey.wrapDataKey(key, participantId);
    // Create, or get what another writer stored first, in one round trip.
    const { rows } = await this.options.pool.query<KeyRow & { created: boolean }>(
      `WITH created AS (
         INSERT INTO ${this.table} (participant_id, master_key_id, wrapped_key) VALUES ($1, $2, $3)
         ON CONFLICT (participant_id) DO NOTHING
         RETURNING master_key_id, wrapped_key, shredded_at)
       SELECT master_key_id, wrapped_key, shredded_at, true AS created FROM created
       UNION ALL
       SELECT master_key_id, wrapped_key, shredded_at, false AS created FROM ${this.table}
        WHERE participant_id = $1 AND NOT EXISTS (SELECT 1 FROM created)`,
      [participantId, this.options.masterKey.keyId, wrapped],
    );
    if (rows[0]?.created) return key;
    // Another writer's key (or its tombstone); when its insert committed after this statement's snapshot the row
    // is not in `rows`, and a second look finds it.
    const stored = rows[0] ? await this.fromRow(rows[0], participantId) : await this.lookup(participantId);
    if (stored.state === 'active') return stored.key;
    throw new ParticipantDataErased(participantId);
  }

  async lookup(participantId: string): Promise<DataKeyLookup> {
    const { rows } = await this.options.pool.query<KeyRow>(
      `SELECT master_key_id, wrapped_key, shredded_at FROM ${this.table} WHERE participant_id = $1`,
      [participantId],
    );
    return rows[0] ? this.fromRow(rows[0], participantId) : { state: 'none' };
  }

  /**
   * Which of these participants' keys are shredded: for a service holding something it opened with a key (a read
   * model's codes) to let go of it once the key is gone. Unwraps nothing.
   */
  async shreddedAmong(participantIds: readonly string[]): Promise<string[]> {
    if (participantIds.length === 0) return [];
    const { rows } = await this.options.pool.query<{ participant_id: string }>(
      `SELECT participant_id FROM ${this.table} WHERE participant_id = ANY($1) AND shredded_at IS NOT NULL`,
      [participantIds],
    );
    return rows.map((row) => row.participant_id);
  }

  private async fromRow(row: KeyRow, participantId: string): Promise<DataKeyLookup> {
    if (row.shredded_at !== null) return { state: 'shredded', shreddedAt: row.shredded_at };
    const key = await this.options.masterKey.unwrapDataKey(row.wrapped_key!, participantId, row.master_key_id!);
    return { state: 'active', key };
  }

  /**
   * Destroys the participant's data key: everything sealed with it becomes unreadable for good.
   * Leaves a tombstone (also for a participant who never had a key), so the erasure is final.
   */
  async shred(participantId: string): Promise<ShredResult> {
    const { rows } = await this.options.pool.query<{ shredded_at: Date; already: boolean }>(
      `WITH before AS (SELECT shredded_at FROM ${this.table} WHERE participant_id = $1)
       INSERT INTO ${this.table} AS k (participant_id, master_key_id, wrapped_key, shredded_at)
       VALUES ($1, NULL, NULL, now())
       ON CONFLICT (participant_id) DO UPDATE
         SET master_key_id = NULL, wrapped_key = NULL, shredded_at = COALESCE(k.shredded_at, now())
       RETURNING k.shredded_at, COALESCE((SELECT shredded_at IS NOT NULL FROM before), false) AS already`,
      [participantId],
    );
    return { participantId, shreddedAt: rows[0].shredded_at, alreadyShredded: rows[0].already };
  }
}
