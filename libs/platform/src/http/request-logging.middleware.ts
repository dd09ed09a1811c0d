import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { PlatformMetrics } from '../metrics/platform-metrics.js';
import { correlationIdOf } from './correlation-id.middleware.js';
import { routedPath, routeTemplateOf, type ExpressRequest } from './request-path.js';

type Next = (error?: unknown) => void;

/** Polled by orchestrators every few seconds: logged at debug so they do not drown real traffic. */
const PROBE_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * One log line and one latency observation per request, written when the response is finished
 * (or the client went away). The line names the route and its validated ids, never the path as sent
 * (a client can put a name, a token or forged log text into a URL; request-path.ts). The metric is
 * labelled with the route template alone, so ids in URLs do not create a time series each.
 */
export function requestLoggingMiddleware(logger: Logger, metrics: PlatformMetrics) {
  return (request: ExpressRequest, response: ServerResponse, next: Next): void => {
    const startedAt = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
      const path = routedPath(request);
      const status = response.writableFinished ? response.statusCode : 499; // 499: client closed first
      const method = request.method ?? 'UNKNOWN';
      metrics.httpRequestDuration.observe(
        { method, route: routeTemplateOf(request) ?? 'unmatched', status: String(status) },
        seconds,
      );
      const line = {
        method,
        path,
        status,
        durationMs: Math.round(seconds * 1e4) / 10,
        correlationId: correlationIdOf(request),
      };
      if (PROBE_PATHS.has(path) && status < 500) logger.debug(line, 'request');
      else if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    };
    response.once('finish', record);
    response.once('close', record);
    next();
  };
}
