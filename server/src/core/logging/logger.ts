import pino, { type DestinationStream } from 'pino';

/**
 * One JSON line per event on stdout (or `destination`: a test that reads the log); the
 * request id ties a request's lines together. Levels: error (50) for a fault an operator
 * must look into, warn (40) for one the server rode out, info (30) for what is expected
 * (a request answered, a caller that went away before its answer).
 */
export const createLogger = (level: string, destination?: DestinationStream) => {
  const options = { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime };
  return destination ? pino(options, destination) : pino(options);
};
export type Logger = ReturnType<typeof createLogger>;
