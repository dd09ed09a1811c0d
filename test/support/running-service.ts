import type { Type } from '@nestjs/common';
import { callService, startServiceApp, type Answer, type ServiceApp } from '@lead/testing';

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
