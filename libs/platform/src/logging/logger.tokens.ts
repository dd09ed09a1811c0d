/** Injection token of the service's pino `Logger`. */
export const LOGGER = Symbol('Logger');

/** Injection token of where log lines are written (stdout); tests replace it to read the lines. */
export const LOG_DESTINATION = Symbol('LogDestination');
