/** How the library connects to Kafka; the defaults suit a production cluster. */
export interface KafkaSettings {
  /** Bootstrap servers, `host:port`. */
  brokers: string[];
  /** Appears in broker logs and quotas, e.g. the service name. */
  clientId: string;
  /**
   * Longest a consumer's fetch waits on an idle partition. A real broker answers as soon as a record arrives, so
   * this only bounds idle round trips; librdkafka's mock broker always waits it out, so tests set it low (see
   * docs/messaging.md). Default 1000 ms.
   */
  fetchMaxWaitMs?: number;
  /** A member silent this long is removed from its group (its partitions move). Default 30 000 ms. */
  sessionTimeoutMs?: number;
  /** Default 3000 ms. */
  heartbeatIntervalMs?: number;
  /** Default 5000 ms. */
  connectionTimeoutMs?: number;
  /** Default 30 000 ms. */
  requestTimeoutMs?: number;
}

/** `KAFKA_BROKERS=host1:9092,host2:9092` → the list, blanks dropped. */
export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);
}
