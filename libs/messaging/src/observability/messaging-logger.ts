/**
 * The part of a pino logger the messaging workers use; the platform's `LOGGER` satisfies it. Kept structural so
 * the library runs with any logger (or none) outside a Nest service, e.g. in the DLQ command line tool.
 */
export interface MessagingLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const SILENT_LOGGER: MessagingLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};
