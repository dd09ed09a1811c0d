import type { MessagePublisher, TopicMessages } from '../../src/index.js';

/**
 * A real publisher with a gate in front: while closed, publishes wait before they reach the broker, so a test can
 * look at the relay's state between "sent" and "acknowledged".
 */
export class GatedPublisher implements MessagePublisher {
  calls = 0;
  private open = true;
  private waiters: (() => void)[] = [];
  private callWaiters: (() => void)[] = [];

  constructor(private readonly inner: MessagePublisher) {}

  close(): void {
    this.open = false;
  }

  release(): void {
    this.open = true;
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves once a publish has been attempted (and is waiting at the gate if it is closed). */
  attempted(): Promise<void> {
    if (this.calls > 0) return Promise.resolve();
    return new Promise((resolve) => this.callWaiters.push(resolve));
  }

  async publish(batches: TopicMessages[]): Promise<void> {
    this.calls++;
    for (const wake of this.callWaiters.splice(0)) wake();
    if (!this.open) await new Promise<void>((resolve) => this.waiters.push(resolve));
    await this.inner.publish(batches);
  }
}
