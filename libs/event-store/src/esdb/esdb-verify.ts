import { START } from '@eventstore/db-client';
import type { VerifyResult } from '../event-store.port.js';
import { ChainVerifier, chainLinkOf } from './chain-verifier.js';
import { checkStreamId, type EsdbStreams } from './esdb-streams.js';
import { isSystemEvent } from './filter-mapping.js';
import type { EsdbReadRevision } from './revision-mapping.js';

/** Recomputes the hash chains from what EventStoreDB returns: one stream's, or every stream's over `$all`. */
export class EsdbVerifier {
  constructor(private readonly streams: EsdbStreams) {}

  async verifyStream(streamId: string): Promise<VerifyResult> {
    checkStreamId(streamId);
    const verifier = new ChainVerifier();
    const pageSize = this.streams.pageSize;
    let from: EsdbReadRevision = START;
    for (;;) {
      const page = await this.streams.readEvents(streamId, 'forwards', from, pageSize);
      if (!page) break;
      for (const event of page) {
        const broken = verifier.add(chainLinkOf(event));
        if (broken) return broken;
      }
      if (page.length < pageSize) break;
      from = page[page.length - 1].revision + 1n;
    }
    return verifier.result();
  }

  async verifyAll(): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    let broken: VerifyResult | undefined;
    await this.streams.scanAll('start', (event) => {
      if (isSystemEvent(event.streamId, event.type)) return true;
      broken = verifier.add(chainLinkOf(event));
      return broken === undefined;
    });
    return broken ?? verifier.result();
  }
}
