import type { EventStore } from '@lead/event-store';
import { AUDIT_STREAM_PREFIX, REQUESTS_REFUSED } from '@lead/access';
import { concurrently } from './concurrently.js';
import { appendedSince, markLog } from './events-appended.js';
import { malformedBodies, type BodyCase } from './malformed-bodies.js';
import { malformedTokens, type TokenCase, type TokenFactory } from './malformed-tokens.js';
import { SeededRandom } from './seeded-random.js';

export interface FuzzWriteEndpointOptions {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  method: 'POST' | 'PUT' | 'PATCH';
  /** The concrete path, e.g. `/v1/participants/<id>/consent` for an existing participant. */
  path: string;
  /** The request DTO class (class-validator decorated). */
  dto: Function;
  /** A body the endpoint would accept; each malformed body is derived from it. Never sent as is. */
  validBody: Record<string, unknown>;
  /** Signs tokens like the service's identity provider, for a caller the endpoint accepts. */
  tokens: TokenFactory;
  /** The service's event store: nothing but access audit entries may be appended during the run. */
  store: EventStore;
  /** Headers every request carries (e.g. `x-purpose-of-use`). */
  headers?: Record<string, string>;
  /** The service's JSON body limit (the platform's `JSON_BODY_LIMIT`, 100 kB). */
  bodyLimitBytes?: number;
  /** Reproduces a run; printed in the report. Default: random. */
  seed?: number;
  /** Malformed bodies to send (default 1,000). */
  bodyCases?: number;
  /** Malformed tokens to send (default 250). */
  tokenCases?: number;
  concurrency?: number;
  /**
   * Streams the service writes on its own schedule, left out of `unexpectedEvents`: e.g. the embedded bus's
   * `topic-` streams, where the relay publishes what was appended before the run (an event a request wrongly
   * appended still shows up as itself).
   */
  ignoreStreamPrefixes?: string[];
}

export interface FuzzReport {
  seed: number;
  /** Requests sent. */
  cases: number;
  /** How many answers had each status. */
  byStatus: Record<string, number>;
  /** Every case whose answer broke a rule (empty when the endpoint held). */
  failures: string[];
  /** Events appended during the run other than access audit entries (empty when nothing was written). */
  unexpectedEvents: string[];
  /** Keys added to `Object.prototype` during the run (only meaningful when the app runs in this process). */
  prototypePollution: string[];
}

const PROBLEM_JSON = /^application\/problem\+json/;

/**
 * Hammers one write endpoint with malformed bodies (from its DTO) and malformed tokens, concurrently,
 * and reports every answer that is not a 4xx problem+json naming what was wrong, and every event the
 * run appended other than the access audit's own `RequestsRefused` counts. Services call it for
 * each of their write endpoints: `expect(report.failures).toEqual([])`, and the same for
 * `unexpectedEvents` and `prototypePollution`.
 *
 * The app under test must not throttle the test client part-way: start it with `AUTH_THROTTLE_BURST`
 * above the number of token cases (the throttle has tests of its own).
 */
export async function fuzzWriteEndpoint(options: FuzzWriteEndpointOptions): Promise<FuzzReport> {
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = new SeededRandom(seed);
  const validToken = await options.tokens.signer.sign(options.tokens.claims, {
    issuer: options.tokens.settings.AUTH_ISSUER,
    audience: options.tokens.settings.AUTH_AUDIENCE,
    lifetimeSeconds: 600,
  });
  const bodies = malformedBodies({
    dto: options.dto,
    validBody: options.validBody,
    count: options.bodyCases ?? 1000,
    random,
    bodyLimitBytes: options.bodyLimitBytes ?? 100 * 1024,
  });
  const tokens = await malformedTokens(options.tokens, options.tokenCases ?? 250, random);
  const validText = JSON.stringify(options.validBody);
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype);
  // The start is a marker appended now, not the visible head: see markLog.
  const start = await markLog(options.store);

  const byStatus: Record<string, number> = {};
  const failures: string[] = [];
  const send = async (headers: Record<string, string>, body: string) => {
    const response = await fetch(`${options.baseUrl}${options.path}`, {
      method: options.method,
      headers: { ...options.headers, ...headers },
      body,
    });
    const text = await response.text();
    byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', text };
  };

  await concurrently(bodies, options.concurrency ?? 16, async (bodyCase, index) => {
    const answer = await send(
      { authorization: `Bearer ${validToken}`, 'content-type': bodyCase.contentType },
      bodyCase.text,
    );
    const problem = judgeBody(bodyCase, answer);
    if (problem) failures.push(`body #${index} (${bodyCase.description}): ${problem}`);
  });
  await concurrently(tokens, options.concurrency ?? 16, async (tokenCase, index) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (tokenCase.authorization !== undefined) headers.authorization = tokenCase.authorization;
    const answer = await send(headers, validText);
    const problem = judgeToken(tokenCase, answer);
    if (problem) failures.push(`token #${index} (${tokenCase.description}): ${problem}`);
  });

  const appended = await appendedSince(start);
  const ignored = options.ignoreStreamPrefixes ?? [];
  const unexpectedEvents = appended
    .filter((event) => !(event.streamId.startsWith(AUDIT_STREAM_PREFIX) && event.type === REQUESTS_REFUSED))
    .filter((event) => !ignored.some((prefix) => event.streamId.startsWith(prefix)))
    .map((event) => `${event.type} in ${event.streamId}`);
  const prototypePollution = Object.getOwnPropertyNames(Object.prototype).filter(
    (key) => !prototypeBefore.includes(key),
  );
  return { seed, cases: bodies.length + tokens.length, byStatus, failures, unexpectedEvents, prototypePollution };
}

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

function judgeBody(bodyCase: BodyCase, answer: Answer): string | undefined {
  const basic = judgeProblem(answer, bodyCase.expectedStatus);
  if (basic) return basic;
  if (bodyCase.expectedFields.length === 0) return undefined;
  const reported =
    (JSON.parse(answer.text) as { errors?: { field: string }[] }).errors?.map((error) => error.field) ?? [];
  const missing = bodyCase.expectedFields.filter(
    (field) => !reported.some((name) => name === field || name.startsWith(`${field}.`)),
  );
  return missing.length
    ? `400 does not name ${missing.join(', ')} (named: ${reported.join(', ') || 'nothing'})`
    : undefined;
}

function judgeToken(tokenCase: TokenCase, answer: Answer): string | undefined {
  return judgeProblem(answer, tokenCase.expectedStatus);
}

function judgeProblem(answer: Answer, expectedStatus: number): string | undefined {
  if (answer.status !== expectedStatus)
    return `expected ${expectedStatus}, got ${answer.status}: ${answer.text.slice(0, 200)}`;
  if (!PROBLEM_JSON.test(answer.contentType))
    return `answered ${answer.contentType || 'no content type'}, not application/problem+json`;
  try {
    const problem = JSON.parse(answer.text) as { status?: unknown };
    if (problem.status !== answer.status) return 'problem document without the matching status';
  } catch {
    return 'problem document is not JSON';
  }
  return undefined;
}
