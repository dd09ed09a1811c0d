/**
 * A message as it travels on the bus, whatever the transport: Kafka record parts (key, value, headers), or the
 * same parts built from the event store by the embedded bus. Headers are text: CloudEvents binary mode puts every
 * attribute in a header of its own.
 */
export interface WireMessage {
  /** The pseudonymous participant id: Kafka partitions by it, so one participant's events stay in order. */
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
}

/** A wire message as a consumer received it, with where it came from (for logs and dead letters). */
export interface ReceivedMessage extends WireMessage {
  topic: string;
  /** `partition/offset` on Kafka, the event store position `commit/prepare` on the embedded bus. */
  origin: string;
}
