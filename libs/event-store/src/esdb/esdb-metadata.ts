import { metastreamOf, WrongExpectedVersionError } from '@eventstore/db-client';
import type { StreamMetadata, StreamMetadataResult } from '../event-store.port.js';
import { StreamNotFound, WrongExpectedVersion } from '../errors.js';
import { satisfies, type ExpectedRevision } from '../expected-revision.js';
import { leadEnvelopeOf } from './envelope-mapping.js';
import { checkStreamId, type EsdbStreams } from './esdb-streams.js';
import { checkExpectedRevision, exactEsdbRevision } from './revision-mapping.js';
import { checkStreamMetadata, deletedStreamMetadata, toEsdbStreamMetadata } from './stream-metadata-mapping.js';

/** Stream metadata and soft delete, both written as the stream's `$$` metadata event. */
export class EsdbStreamMetadata {
  constructor(
    private readonly streams: EsdbStreams,
    /** Attempts while the metadata keeps changing under us. */
    private readonly maxAttempts: number,
  ) {}

  async getStreamMetadata(streamId: string): Promise<StreamMetadataResult> {
    checkStreamId(streamId);
    const { parsed, revision } = await this.streams.readStreamMetadata(streamId);
    return { streamId, metadata: parsed.metadata, metadataRevision: revision };
  }

  async setStreamMetadata(
    streamId: string,
    metadata: StreamMetadata,
    expected: ExpectedRevision = 'any',
  ): Promise<void> {
    checkStreamId(streamId);
    checkExpectedRevision(expected);
    checkStreamMetadata(metadata);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const current = await this.streams.readStreamMetadata(streamId);
      if (!satisfies(expected, current.revision))
        throw new WrongExpectedVersion(metastreamOf(streamId), expected, current.revision);
      // Keep the chain head current while the stream has visible events, so that the chain
      // survives if these metadata (maxAge, truncateBefore) end up hiding all of them.
      let lead = current.parsed.lead;
      const last = await this.streams.lastEvent(streamId);
      const lastLead = last && leadEnvelopeOf(last.metadata);
      if (last && lastLead) lead = { chainHead: { revision: Number(last.revision), hash: lastLead.hash } };
      try {
        await this.streams.writeStreamMetadata(
          streamId,
          toEsdbStreamMetadata(metadata, current.parsed.preserved, lead),
          exactEsdbRevision(current.revision),
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        // The metadata changed meanwhile: read again, so the caller's expectation is checked against it.
      }
    }
    throw new WrongExpectedVersion(
      metastreamOf(streamId),
      expected,
      (await this.streams.readStreamMetadata(streamId)).revision,
    );
  }

  /**
   * Soft delete, done as one metadata write: `$tb` = last revision + 1 (EventStoreDB hides and later
   * scavenges everything before it, exactly what its own soft delete ends up as once the stream is
   * written again) plus `$lead` = {chainHead, deleted}. Not `client.deleteStream`: EventStoreDB's soft
   * delete replaces the whole metadata with `{"$tb": long.MaxValue}`, losing the stream's other
   * metadata and leaving nowhere to keep the hash chain's head. See docs/event-store.md.
   */
  async deleteStream(streamId: string, expected: ExpectedRevision = 'any'): Promise<void> {
    checkStreamId(streamId);
    checkExpectedRevision(expected);
    for (let attempt = 0; attempt < this.maxAttempts; attempt++) {
      const state = await this.streams.tailState(streamId, 1);
      const actual = state.deleted ? 'no_stream' : state.lastRevision;
      if (!satisfies(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
      if (actual === 'no_stream') throw new StreamNotFound(streamId);
      const current = await this.streams.readStreamMetadata(streamId);
      try {
        await this.streams.writeStreamMetadata(
          streamId,
          deletedStreamMetadata(current.parsed, actual, state.restart ? '' : state.lastHash),
          exactEsdbRevision(current.revision),
        );
        return;
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    throw new Error(`Could not soft-delete ${streamId}: its metadata kept changing`);
  }
}
