/** Who caused an event: taken from the verified bearer token, never from a request body. */
export interface Actor {
  subject: string;
  agency: string;
  role: string;
}

/**
 * Metadata every event carries. `correlationId` ties together everything one request caused;
 * `causationId` names the event (or command) that directly caused this one.
 */
export interface EventMetadata {
  correlationId: string;
  causationId?: string | null;
  actor?: Actor | null;
  jurisdiction?: string | null;
  participantId?: string | null;
  /** Room for adapter- or service-specific keys; kept as JSON. */
  [key: string]: unknown;
}

/** An event as a writer proposes it, before the store gives it a place. */
export interface EventData<T = unknown> {
  /** UUID v7 for new facts, v5 (see `deriveEventId`) for reactions to another event. */
  eventId: string;
  type: string;
  schemaVersion: number;
  data: T;
  metadata: EventMetadata;
}

/**
 * A position in the global log. It mirrors EventStoreDB's `{commit, prepare}` pair: in the
 * PostgreSQL adapter `commit` is the writing transaction id and `prepare` the global sequence.
 * Ordering is lexicographic on (commit, prepare).
 */
export interface Position {
  commit: bigint;
  prepare: bigint;
}

/** An event as the store recorded it. Immutable. */
export interface RecordedEvent<T = unknown> extends EventData<T> {
  streamId: string;
  /** 0-based position of the event inside its stream. */
  streamRevision: number;
  position: Position;
  recordedAt: Date;
  /** sha256(previousHash ‖ canonical JSON of the event), hex. */
  hash: string;
  /** The stream's previous hash; the empty string for revision 0. */
  previousHash: string;
  /**
   * EventStoreDB only: the chain restarts here (`previousHash` ''), because its writer could not read the stream's
   * previous hash (the tail soft-deleted by another tool, or expired); every chain check accepts the empty link.
   */
  chainRestart?: true;
}
