import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevelName } from '../config/service-config.js';
import { currentCorrelationId } from './request-context.js';

export interface LoggerOptions {
  serviceName: string;
  level: LogLevelName;
  /** Where the JSON lines go; stdout when absent. Tests pass an in-memory stream. */
  destination?: DestinationStream;
}

/**
 * One JSON object per line on stdout, with the level as a word and an ISO timestamp, so that
 * log shippers need no service-specific parsing; the correlation id of the current request is
 * added to every line written while handling it.
 */
export function createLogger({ serviceName, level, destination }: LoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: serviceName },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId === undefined ? {} : { correlationId };
      },
    },
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
