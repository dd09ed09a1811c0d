import type { Type } from '@nestjs/common';
import { deadLetterTopic, TOPICS } from '@lead/contracts';
import { callService, startServiceApp, type Answer, type ServiceApp } from '@lead/testing';
import { createTestTopics, testBrokers } from '../../libs/messaging/test/support/test-kafka.js';

export { eventually } from '@lead/testing';

export interface RunningService extends ServiceApp {
  call(method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
}

/**
 * One service of a cross-service test. Services of one test share EVENT_STORE_SCHEMA (and the key store), as the
 * services of one deployment share the event store; each has its own DATABASE_SCHEMA. Dropping a shared schema
 * twice is harmless (IF EXISTS).
 */
export async function startService(
  module: Type<unknown>,
  label: string,
  env: Record<string, string>,
): Promise<RunningService> {
  const service = await startServiceApp(module, { label, env });
  return Object.assign(service, {
    call: (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
      callService(service.url, method, path, token, body, headers),
  });
}

/**
 * The settings that put a cross-service test's services on `bus`: for Kafka, the mock broker with the test's own
 * topic prefix (the referrals, cases and prosecution topics and their dead-letter topics created first, since the
 * mock has no CreateTopics).
 */
export async function busSettings(bus: 'embedded' | 'kafka', prefix: string): Promise<Record<string, string>> {
  if (bus === 'embedded') return { BUS: 'embedded' };
  const topics = [TOPICS.referrals, TOPICS.cases, TOPICS.prosecution].map((topic) => `${prefix}${topic}`);
  await createTestTopics([...topics, ...topics.map(deadLetterTopic)]);
  return {
    BUS: 'kafka',
    KAFKA_BROKERS: testBrokers().join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    KAFKA_FETCH_MAX_WAIT_MS: '20',
  };
}

/**
 * Stops the services of one test, all of them, before any drops the schemas they share: a service that drops the
 * event store while another still runs leaves that one's relay and consumers failing on a missing table.
 */
export async function stopServices(...services: Array<RunningService | undefined>): Promise<void> {
  const running = services.filter((service): service is RunningService => service !== undefined);
  await Promise.all(running.map((service) => service.app.close()));
  for (const service of running) await service.close();
}
