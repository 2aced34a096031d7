import { Redis } from 'ioredis';
import { type MinimalLogger, silentLogger } from '../upstream/logger-types.ts';

export interface SharedStateOptions {
  /** Redis connection URL (may carry a password: never logged). */
  url: string;
  /** Longest wait for one Redis command; slower counts as Redis unavailable. @default 250 */
  commandTimeoutMs?: number;
  /** Longest wait for a (re)connection attempt. @default 1000 */
  connectTimeoutMs?: number;
  /** Ceiling of the reconnection backoff (100 ms, 200 ms, … up to this). @default 2000 */
  maxReconnectDelayMs?: number;
  /** Prefix of every key (no secret ever goes into a key). @default 'spaces-subgraph:' */
  keyPrefix?: string;
  /** @default a silent logger */
  logger?: MinimalLogger;
  /** Called on each up/down transition (metrics). @default none */
  onChange?: (up: boolean) => void;
}

/** The Redis connection shared by the replica-coordination modules, with its up/down state. */
export interface SharedState {
  redis: Redis;
  keyPrefix: string;
  /** Whether Redis answered last: when false, callers use their local fallbacks without asking Redis. */
  up(): boolean;
  /** For /ready (never fails readiness) and logs: no URL, no password. */
  status(): { up: boolean; since: number; detail: string };
  /** Reports a failed command (a timeout says more than the connection state does). */
  markDown(reason: string): void;
  /**
   * Resolves once the first connection attempt has ended (Redis ready, or failed), at most
   * `connectTimeoutMs` after start: a replica that starts serving at once waits for it instead of
   * taking its local fallback while the connection is merely still opening.
   */
  firstConnection(): Promise<void>;
  close(): Promise<void>;
}

/** Reduces an ioredis error to its kind: messages can carry the host or a command's arguments. */
export function redisErrorKind(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/timed? ?out/i.test(message)) return 'command timeout';
  if (/ECONNREFUSED/.test(message)) return 'connection refused';
  if (/offline queue|Connection is closed|Stream isn't writeable/i.test(message)) return 'not connected';
  if (/NOAUTH|WRONGPASS/.test(message)) return 'authentication refused';
  return error instanceof Error ? error.name : 'unknown error';
}

/**
 * Connects to Redis for shared state. Redis must never fail or slow a client request: no offline queue
 * (a command while disconnected fails at once), one try per command, short command timeouts, and endless
 * reconnection in the background. Each transition (not each failed command) is logged once.
 */
export function createSharedState(options: SharedStateOptions): SharedState {
  const logger = options.logger ?? silentLogger;
  const maxDelay = options.maxReconnectDelayMs ?? 2000;
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 250,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    retryStrategy: (times) => Math.min(times * 100, maxDelay),
    lazyConnect: false,
  });
  let isUp = false;
  let since = Date.now();
  let detail = 'connecting';
  let closed = false;
  const first = firstAttempt(options.connectTimeoutMs ?? 1000);

  function transition(up: boolean, why: string): void {
    first.settle();
    detail = why;
    if (up === isUp) return;
    isUp = up;
    since = Date.now();
    options.onChange?.(up);
    if (up) logger.info({}, 'shared state: Redis reachable, sharing JWTs and limits across replicas');
    else {
      logger.warn(
        { reason: why },
        'shared state: Redis unavailable, using local JWTs and local limits until it returns',
      );
    }
  }

  redis.on('ready', () => transition(true, 'connected'));
  redis.on('error', (error: unknown) => transition(false, redisErrorKind(error)));
  redis.on('close', () => {
    if (!closed) transition(false, 'connection closed');
  });

  return {
    redis,
    keyPrefix: options.keyPrefix ?? 'spaces-subgraph:',
    up: () => isUp && redis.status === 'ready',
    status: () => ({ up: isUp, since, detail }),
    firstConnection: () => first.ended,
    markDown(reason) {
      transition(false, reason);
      // A timed-out command leaves the connection "ready": reconnect so `ready` tells when it is back.
      if (redis.status === 'ready') redis.disconnect(true);
    },
    async close() {
      closed = true;
      first.settle();
      redis.disconnect(false);
    },
  };
}

/** The end of the first connection attempt: settled by the first transition, or after `timeoutMs`. */
function firstAttempt(timeoutMs: number): { ended: Promise<void>; settle(): void } {
  let resolve!: () => void;
  const ended = new Promise<void>((r) => {
    resolve = r;
  });
  const timer = setTimeout(() => resolve(), timeoutMs);
  timer.unref?.();
  return {
    ended,
    settle() {
      clearTimeout(timer);
      resolve();
    },
  };
}
