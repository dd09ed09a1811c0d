import type pg from 'pg';
import { toJsonValue } from '../canonical-json.js';
import type { StreamMetadata, StreamMetadataResult } from '../event-store.port.js';
import { StreamNotFound, WrongExpectedVersion } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import type { PostgresReader } from './postgres-read.js';
import type { PostgresStoreContext } from './store-context.js';

interface LockedStream {
  revision: number;
  deleted: boolean;
  metadata: StreamMetadata;
  metadataRevision: number;
}

/** Stream metadata and soft delete: both change the stream's index row under its row lock. */
export class PostgresStreamMetadata {
  constructor(
    private readonly ctx: PostgresStoreContext,
    private readonly reader: PostgresReader,
  ) {}

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    const row = await this.reader.streamRow(streamId);
    if (!row || row.metadataRevision < 0)
      return { streamId, metadata: row?.metadata ?? {}, metadataRevision: 'no_stream' };
    return { streamId, metadata: row.metadata, metadataRevision: row.metadataRevision };
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expected: ExpectedRevision = 'any',
  ): Promise<void> {
    await this.withStreamLock(streamId, async (client, row) => {
      const actual = row.metadataRevision < 0 ? 'no_stream' : row.metadataRevision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(`$$${streamId}`, expected, actual);
      await client.query(
        `UPDATE ${this.ctx.s}.streams SET metadata = $2, metadata_revision = metadata_revision + 1 WHERE stream_id = $1`,
        [streamId, toJsonValue(metadata)],
      );
    });
  }

  /** Soft delete: the events stay (hidden by `truncateBefore`); a later append continues the numbering. */
  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    this.ctx.heads.forget(streamId);
    await this.withStreamLock(streamId, async (client, row) => {
      const actual = row.deleted || row.revision < 0 ? 'no_stream' : row.revision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      if (actual === 'no_stream') throw new StreamNotFound(streamId);
      const metadata = { ...row.metadata, truncateBefore: row.revision + 1 };
      await client.query(
        `UPDATE ${this.ctx.s}.streams SET deleted = true, metadata = $2, metadata_revision = metadata_revision + 1 WHERE stream_id = $1`,
        [streamId, metadata],
      );
    });
  }

  private async withStreamLock(
    streamId: string,
    work: (client: pg.PoolClient, row: LockedStream) => Promise<void>,
  ): Promise<void> {
    const client = await this.ctx.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`INSERT INTO ${this.ctx.s}.streams (stream_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
        streamId,
      ]);
      const { rows } = await client.query<{
        revision: string;
        deleted: boolean;
        metadata: StreamMetadata;
        metadata_revision: string;
      }>(
        `SELECT revision, deleted, metadata, metadata_revision FROM ${this.ctx.s}.streams WHERE stream_id = $1 FOR UPDATE`,
        [streamId],
      );
      const row = rows[0];
      await work(client, {
        revision: Number(row.revision),
        deleted: row.deleted,
        metadata: row.metadata,
        metadataRevision: Number(row.metadata_revision),
      });
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
