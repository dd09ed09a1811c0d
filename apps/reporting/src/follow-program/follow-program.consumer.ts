import { Inject, Injectable } from '@nestjs/common';
import { readIntegrationEvent, TOPICS, type IntegrationEvent } from '@lead/contracts';
import type { ConsumerDefinition, HandlerContext } from '@lead/messaging';
import { ProgramFactProjection } from '../program-facts/program-fact-projection.js';
import { ProgramLog } from '../program-log/program-log.js';

/**
 * Follows every topic of the program (consumer group `lead.reporting`): each event is logged as received and its
 * fact written, in the transaction of its inbox row, so a redelivery changes nothing and a crash leaves neither.
 * An event that fails its contract is dead-lettered by the bus (the check here repeats it for the upcast).
 */
@Injectable()
export class FollowProgramConsumer implements ConsumerDefinition {
  readonly group = 'lead.reporting';
  readonly topics: string[] = [TOPICS.referrals, TOPICS.cases, TOPICS.prosecution];

  constructor(
    @Inject(ProgramLog) private readonly log: ProgramLog,
    @Inject(ProgramFactProjection) private readonly facts: ProgramFactProjection,
  ) {}

  async handle(received: IntegrationEvent, { tx, topic }: HandlerContext): Promise<void> {
    readIntegrationEvent(received);
    const logPosition = await this.log.append(tx, topic, received);
    await this.facts.applyLive(tx, [{ logPosition, event: received }]);
  }
}
