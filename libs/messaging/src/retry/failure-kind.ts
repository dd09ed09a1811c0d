import { WrongExpectedVersion } from '@lead/event-store';

/**
 * Thrown by a handler to say "this will work later" (a dependency is down) without knowing the driver's error
 * shapes: the message is retried with backoff and never dead-lettered.
 */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** PostgreSQL SQLSTATEs that say "try again": the server or the connection, not the statement, is the problem. */
const TRANSIENT_SQLSTATES = new Set([
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '53300', // too_many_connections
  '55P03', // lock_not_available
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
]);

/** Node socket errors: the peer (database, broker) is unreachable or went away. */
const TRANSIENT_SYSTEM_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
]);

/** Messages of node-postgres and pg-pool errors that carry no code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /client has encountered a connection error/i,
  /cannot use a pool after calling end/i,
  /the database system is (starting up|shutting down)/i,
];

/**
 * Whether a failure is transient (database or broker unreachable, a conflict a retry resolves): such failures are
 * retried with backoff for as long as it takes and never count towards dead-lettering. Anything else is treated
 * as a property of the message and is dead-lettered after the policy's attempts. Causes are followed, since
 * drivers wrap socket errors.
 */
export function isTransient(error: unknown, depth = 0): boolean {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  if (error instanceof TransientError || error instanceof WrongExpectedVersion) return true;
  const e = error as { code?: unknown; retriable?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string') {
    if (TRANSIENT_SQLSTATES.has(e.code) || e.code.startsWith('08') || TRANSIENT_SYSTEM_CODES.has(e.code)) return true;
  }
  // kafkajs marks its errors `retriable` (connection losses, timeouts, leader changes); a "retries exceeded" error
  // is not retriable itself but carries the retriable one as its cause.
  if (e.retriable === true) return true;
  if (typeof e.message === 'string' && TRANSIENT_MESSAGES.some((pattern) => pattern.test(e.message as string)))
    return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isTransient(inner, depth + 1))) return true;
  return isTransient(e.cause, depth + 1);
}
