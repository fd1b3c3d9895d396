import pino from 'pino';

/** One JSON line per event on stdout; the request id ties a request's lines together. */
export const createLogger = (level: string) => pino({ level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime });
export type Logger = ReturnType<typeof createLogger>;
