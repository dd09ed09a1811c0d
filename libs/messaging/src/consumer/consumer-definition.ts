import type { IntegrationEvent } from '@lead/contracts';
import type pg from 'pg';

export interface HandlerContext {
  /**
   * The open transaction in which this message's inbox row was written. Write the handler's effect (read models,
   * the service's own tables) through it: effect and inbox row commit together or not at all.
   */
  tx: pg.PoolClient;
  topic: string;
  /** 1 on the first try; counts every try of this delivery, transient failures included. */
  attempt: number;
  /** The message's headers as received (CloudEvents attributes, trace context, replay markers). */
  headers: Readonly<Record<string, string>>;
}

/**
 * A consumer group and its handler. The same definition runs on Kafka (a kafkajs consumer group) and on the
 * embedded bus (a subscription on the event store): switching `BUS` changes no handler code.
 *
 * A handler that appends to the event store (not through `tx`) must derive its event ids from the message's id
 * (`deriveEventId(event.id, …)`): the append is then idempotent, and a redelivery appends nothing new.
 */
export interface ConsumerDefinition {
  /** Consumer group, one per service and purpose, e.g. `lead.case-management`; also the inbox's key. */
  group: string;
  topics: string[];
  /** Only these integration event types reach the handler; others are acknowledged and passed over. */
  eventTypes?: string[];
  handle(event: IntegrationEvent, context: HandlerContext): Promise<void>;
}
