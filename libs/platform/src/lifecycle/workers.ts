/*
 * `@lead/platform/workers`: the leased worker and what it is made of, without the rest of the platform (NestJS):
 * a relay replica or a command line tool loads only this. With it the connection bounds, so that such a process's
 * own pool bounds its transactions as the services' pools do.
 */
export * from './retry-policy.js';
export * from './postgres-lease.js';
export * from './leased-worker.js';
export * from '../database/connection-bounds.js';
