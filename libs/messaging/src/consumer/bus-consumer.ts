/** A running consumer group member, whichever bus feeds it. */
export interface BusConsumer {
  readonly group: string;
  /** Starts consuming in the background; resolves once started (not once caught up). */
  start(): Promise<void>;
  /** Finishes the message in hand (its transaction commits or rolls back), then stops; nothing is lost. */
  stop(): Promise<void>;
}
