import { createHash, randomUUID } from 'node:crypto';
import type { SharedState } from './shared-state.ts';

/** A JWT as kept in Redis, with the times every replica needs to judge it the same way. */
export interface SharedTokenEntry {
  token: string;
  /** Epoch ms. */
  mintedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** The JWT of one account in Redis, and the lock that lets exactly one replica mint it. */
export interface SharedTokenStore {
  /** Rejects when Redis fails (the caller falls back to a local mint). */
  read(): Promise<SharedTokenEntry | undefined>;
  write(entry: SharedTokenEntry): Promise<void>;
  /** SET NX PX: a lock id when this replica holds the mint lock, undefined when another one does. */
  lock(ttlMs: number): Promise<string | undefined>;
  /** Releases the lock only if it is still ours (a lock that expired and was taken again stays). */
  unlock(id: string): Promise<void>;
  /** Removes the shared JWT only if it still is `token` (a 401 on it; another replica may have replaced it). */
  discard(token: string): Promise<void>;
  /** Whether Redis is believed up (when not, callers do not even try). */
  available(): boolean;
  /** Resolves once the replica's first connection attempt to Redis has ended (see SharedState). */
  firstConnection(): Promise<void>;
  /** Reports a failed command to the connection state. */
  failed(error: unknown): void;
}

const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const DISCARD_IF_TOKEN = `local v = redis.call('get', KEYS[1])
if v and cjson.decode(v).token == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Key of an account's shared state: a digest of the auth URL, account and user, so two credentials never
 * share a JWT and the key says nothing secret (the API token is not part of it at all).
 */
export function accountKey(parts: { authUrl: string; accountId: string; username: string }): string {
  return createHash('sha256')
    .update(`${parts.authUrl}\n${parts.accountId}\n${parts.username}`)
    .digest('hex')
    .slice(0, 24);
}

function parseEntry(raw: string | null): SharedTokenEntry | undefined {
  if (raw === null) return undefined;
  try {
    const value = JSON.parse(raw) as Partial<SharedTokenEntry>;
    if (
      typeof value.token === 'string' &&
      typeof value.mintedAt === 'number' &&
      typeof value.expiresAt === 'number'
    ) {
      return { token: value.token, mintedAt: value.mintedAt, expiresAt: value.expiresAt };
    }
  } catch {
    // A foreign or corrupt value is no token: the lock holder mints and overwrites it.
  }
  return undefined;
}

export function createSharedTokenStore(state: SharedState, account: string): SharedTokenStore {
  const tokenKey = `${state.keyPrefix}jwt:${account}`;
  const lockKey = `${state.keyPrefix}jwt-lock:${account}`;
  const { redis } = state;
  return {
    async read() {
      return parseEntry(await redis.get(tokenKey));
    },
    async write(entry) {
      const ttl = Math.floor(entry.expiresAt - Date.now());
      if (ttl <= 0) return;
      await redis.set(tokenKey, JSON.stringify(entry), 'PX', ttl);
    },
    async lock(ttlMs) {
      const id = randomUUID();
      const answer = await redis.set(lockKey, id, 'PX', Math.max(1, Math.floor(ttlMs)), 'NX');
      return answer === 'OK' ? id : undefined;
    },
    async unlock(id) {
      await redis.eval(RELEASE_IF_OWNER, 1, lockKey, id);
    },
    async discard(token) {
      await redis.eval(DISCARD_IF_TOKEN, 1, tokenKey, token);
    },
    available: () => state.up(),
    firstConnection: () => state.firstConnection(),
    failed(error) {
      state.markDown(
        error instanceof Error && /timed? ?out/i.test(error.message) ? 'command timeout' : 'command failed',
      );
    },
  };
}
