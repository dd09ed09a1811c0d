import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';

const PINO_LEVEL_OF: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Nest passes a stack trace as a plain string argument; this is how its own ConsoleLogger spots one. */
const STACK_TRACE = /^.*\n\s+at .+/;

/**
 * Routes Nest's own logs (and every `new Logger(context)` in the services) into pino, so that
 * the whole process writes one JSON format. Nest's calling convention is
 * `(message, ...params, context?)` with an optional stack before the context for errors.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  /** Nest hands over the levels it wants; pino needs only the most verbose of them. */
  setLogLevels(levels: LogLevel[]): void {
    const order: Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
    const wanted = levels.map((level) => PINO_LEVEL_OF[level]).sort((a, b) => order.indexOf(a) - order.indexOf(b));
    this.logger.level = wanted[0] ?? 'silent';
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const fields: Record<string, unknown> = {};
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && !STACK_TRACE.test(last)) fields.context = rest.pop();
    const details: unknown[] = [];
    for (const param of rest) {
      if (typeof param === 'string' && STACK_TRACE.test(param)) fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (param !== undefined) details.push(param);
    }
    if (details.length > 0) fields.details = details;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as Record<string, unknown>) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
