// The NestJS wiring of durable timers in a service (clock, schedule, leased worker, retention sweep), on a subpath
// so that the library's barrel stays free of NestJS for the benchmark and plain scripts.
import { clockProviders } from './service/service-clock.js';
import { ServiceTimerRetention } from './service/service-timer-retention.js';
import { ServiceTimerWorker } from './service/service-timer-worker.js';
import { ServiceTimers } from './service/service-timers.js';

export { CLOCK, clockProviders, ServiceClock } from './service/service-clock.js';
export { ServiceTimerRetention, ServiceTimerWorker, ServiceTimers };
export { TIMER_HANDLERS, TIMER_RETENTION_DAYS } from './service/service-timers.js';

/**
 * The providers of a service's timers; the service adds `TIMER_HANDLERS` (its handlers by kind) and
 * `TIMER_RETENTION_DAYS` (from its configuration).
 */
export const serviceTimerProviders = [...clockProviders, ServiceTimers, ServiceTimerWorker, ServiceTimerRetention];
