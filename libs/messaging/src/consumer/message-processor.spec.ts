import type { IntegrationEvent } from '@lead/contracts';
import type pg from 'pg';
import type { DeadLetter } from '../dead-letters/dead-letter.js';
import type { IntegrationEventValidator } from '../publication/integration-event-mapper.js';
import { TransientError } from '../retry/failure-kind.js';
import { encodeIntegrationEvent } from '../wire/cloud-events-codec.js';
import type { ReceivedMessage } from '../wire/wire-message.js';
import type { ConsumerDefinition } from './consumer-definition.js';
import type { InboxResult } from './inbox.js';
import { ConsumerStopped, MessageProcessor } from './message-processor.js';

/** An inbox in memory: what matters here is that handled ids are not handled again. */
class MemoryInbox {
  readonly handled = new Set<string>();
  async run<T>(
    group: string,
    messageId: string,
    _topic: string,
    work: (tx: pg.PoolClient) => Promise<T>,
  ): Promise<InboxResult<T>> {
    const key = `${group}/${messageId}`;
    if (this.handled.has(key)) return { duplicate: true };
    const result = await work({} as pg.PoolClient);
    this.handled.add(key);
    return { duplicate: false, result };
  }
}

class MemoryDeadLetters {
  readonly letters: DeadLetter[] = [];
  failuresLeft = 0;
  async put(letter: DeadLetter): Promise<void> {
    if (this.failuresLeft-- > 0) throw new Error('DLQ topic unreachable');
    this.letters.push(letter);
  }
}

const event: IntegrationEvent = {
  id: 'e-1',
  type: 'lead.referral.accepted',
  schemaVersion: 1,
  source: '/lead/referrals',
  time: '2026-03-01T10:15:00.000Z',
  participantId: 'p-1',
  jurisdiction: 'denver',
  correlationId: 'c-1',
  causationId: null,
  data: { door: 'social_contact' },
};
const message = (headers: Record<string, string> = {}, from = event): ReceivedMessage => {
  const wire = encodeIntegrationEvent(from);
  return { ...wire, headers: { ...wire.headers, ...headers }, topic: 'lead.referrals.v1', origin: '0/42' };
};

function setup(
  handle: ConsumerDefinition['handle'],
  extra: Partial<ConsumerDefinition> = {},
  validate?: IntegrationEventValidator,
) {
  const inbox = new MemoryInbox();
  const deadLetters = new MemoryDeadLetters();
  const definition: ConsumerDefinition = {
    group: 'lead.case-management',
    topics: ['lead.referrals.v1'],
    handle,
    ...extra,
  };
  const processor = new MessageProcessor({
    definition,
    inbox,
    deadLetters,
    validate,
    policy: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 },
  });
  return { processor, inbox, deadLetters, signal: new AbortController().signal };
}

describe('MessageProcessor', () => {
  it('hands the decoded integration event to the handler once, and recognises the redelivery', async () => {
    const seen: IntegrationEvent[] = [];
    const { processor, signal } = setup(async (e) => void seen.push(e));
    expect(await processor.process(message(), { signal })).toBe('handled');
    expect(await processor.process(message(), { signal })).toBe('duplicate');
    expect(seen).toEqual([event]);
  });

  it('dead-letters after maxAttempts failures, with the error and the attempt count, and then moves on', async () => {
    let attempts = 0;
    const { processor, deadLetters, signal } = setup(async () => {
      attempts++;
      throw new Error('no such referral');
    });
    expect(await processor.process(message(), { signal })).toBe('dead_lettered');
    expect(attempts).toBe(3);
    expect(deadLetters.letters).toEqual([
      expect.objectContaining({
        group: 'lead.case-management',
        messageId: 'e-1',
        attempts: 3,
        error: { name: 'Error', message: 'no such referral' },
      }),
    ]);
    expect(deadLetters.letters[0].message.headers.ce_type).toBe('lead.referral.accepted');
  });

  it('retries transient failures for as long as they last, never dead-letters them', async () => {
    let attempts = 0;
    const { processor, deadLetters, signal } = setup(async (_, context) => {
      attempts++;
      expect(context.attempt).toBe(attempts);
      if (attempts <= 10) throw Object.assign(new Error('Connection terminated unexpectedly'), { code: '08006' });
    });
    expect(await processor.process(message(), { signal })).toBe('handled');
    expect(attempts).toBe(11);
    expect(deadLetters.letters).toEqual([]);
  });

  it('does not count transient failures towards the limit', async () => {
    let attempts = 0;
    const { processor, signal } = setup(async () => {
      attempts++;
      throw attempts % 2 ? new TransientError('provider down') : new Error('invalid');
    });
    expect(await processor.process(message(), { signal })).toBe('dead_lettered');
    expect(attempts).toBe(6); // 3 transient + 3 counted
  });

  it('keeps trying to store a dead letter until it is stored: nothing is skipped unrecorded', async () => {
    const { processor, deadLetters, signal } = setup(async () => Promise.reject(new Error('bad')));
    deadLetters.failuresLeft = 4;
    expect(await processor.process(message(), { signal })).toBe('dead_lettered');
    expect(deadLetters.letters).toHaveLength(1);
  });

  it('dead-letters an unreadable message at once, without calling the handler', async () => {
    let called = false;
    const { processor, deadLetters, signal } = setup(async () => void (called = true));
    const unreadable = message();
    delete unreadable.headers.ce_type;
    expect(await processor.process(unreadable, { signal })).toBe('dead_lettered');
    expect(called).toBe(false);
    expect(deadLetters.letters[0]).toMatchObject({
      attempts: 1,
      messageId: 'e-1',
      error: { name: 'MalformedMessage', message: 'header ce_type is missing' },
    });
  });

  it('dead-letters at once an event its contract check refuses, naming the topic it came from', async () => {
    let called = false;
    const checked: string[] = [];
    const { processor, deadLetters, signal } = setup(
      async () => void (called = true),
      {},
      (e, topic) => {
        checked.push(topic);
        if (e.data.door === 'social_contact')
          throw new Error('data/door must be one of arrest_diversion, social_contact_referral');
      },
    );
    expect(await processor.process(message(), { signal })).toBe('dead_lettered');
    expect(called).toBe(false);
    expect(checked).toEqual(['lead.referrals.v1']);
    expect(deadLetters.letters[0]).toMatchObject({
      attempts: 1,
      error: { message: 'data/door must be one of arrest_diversion, social_contact_referral' },
    });
  });

  it('passes over replays meant for another group and types it does not handle', async () => {
    let calls = 0;
    const { processor, signal } = setup(async () => void calls++, { eventTypes: ['lead.referral.declined'] });
    expect(await processor.process(message({ lead_replay_group: 'lead.reporting' }), { signal })).toBe('skipped');
    expect(await processor.process(message(), { signal })).toBe('skipped');
    expect(calls).toBe(0);
  });

  it('handles a replay meant for its own group', async () => {
    const { processor, signal } = setup(async () => undefined);
    expect(await processor.process(message({ lead_replay_group: 'lead.case-management' }), { signal })).toBe('handled');
  });

  it('stops retrying when the consumer stops, leaving the message unacknowledged', async () => {
    const abort = new AbortController();
    const { processor, deadLetters } = setup(async () => {
      abort.abort();
      throw new TransientError('database down');
    });
    await expect(processor.process(message(), { signal: abort.signal })).rejects.toBeInstanceOf(ConsumerStopped);
    expect(deadLetters.letters).toEqual([]);
  });

  it('keeps the group membership alive between attempts', async () => {
    let heartbeats = 0;
    let attempts = 0;
    const { processor, signal } = setup(async () => {
      if (++attempts < 3) throw new TransientError('later');
    });
    await processor.process(message(), { signal, keepAlive: async () => void heartbeats++ });
    expect(heartbeats).toBe(2);
  });
});
