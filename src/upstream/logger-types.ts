/**
 * The logger surface the upstream modules use: a pino-compatible subset, so a pino logger (or a child of
 * one) can be passed as is, and tests can pass a plain object that records calls.
 */
export interface MinimalLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything; the default when no logger is given. */
export const silentLogger: MinimalLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
