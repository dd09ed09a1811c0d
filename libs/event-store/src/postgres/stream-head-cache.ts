/** A stream's last revision and hash as this process last saw them. */
export interface StreamHead {
  revision: number;
  hash: string;
}

/**
 * Recently seen stream heads, least recently used evicted first. Only a hint: an append that uses
 * one is conditional on the stored head still matching, so a stale entry costs a retry, never a
 * wrong chain.
 */
export class StreamHeadCache {
  private readonly heads = new Map<string, StreamHead>();

  constructor(private readonly capacity = 10_000) {}

  get(streamId: string): StreamHead | undefined {
    const head = this.heads.get(streamId);
    if (head) {
      this.heads.delete(streamId);
      this.heads.set(streamId, head);
    }
    return head;
  }

  set(streamId: string, head: StreamHead): void {
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }
}
