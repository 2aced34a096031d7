import type { SharedTokenEntry, SharedTokenStore } from './shared-token-store.ts';

export interface CoordinateMintOptions {
  store: SharedTokenStore;
  /** Mints a JWT at the auth endpoint (this replica's own request). */
  mint: () => Promise<SharedTokenEntry>;
  /** Whether a shared JWT may be used now (not refused here, not past its refresh point). */
  acceptable: (entry: SharedTokenEntry) => boolean;
  /** Lock lifetime: a replica that dies while minting blocks the others this long at most. */
  lockTtlMs: number;
  /** How long to wait for another replica's mint before minting locally. */
  waitMs: number;
  /** Interval between looks at Redis while another replica mints. @default 25 */
  pollMs?: number;
  now?: () => number;
}

/** Where the JWT came from: another replica (Redis), our mint under the lock, or our mint without Redis. */
export type MintSource = 'shared' | 'minted' | 'local';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref?.());
}

/**
 * Exactly one replica mints per refresh window: a JWT in Redis that is still acceptable is used as is;
 * otherwise the replica holding the lock (SET NX PX) looks again under the lock, mints, and writes the
 * JWT; the others poll until it appears. Any Redis failure, or a lock holder slower than `waitMs`, makes
 * this replica mint on its own: Redis never fails a request, at worst it costs an extra mint.
 */
export async function coordinateMint(
  options: CoordinateMintOptions,
): Promise<{ entry: SharedTokenEntry; source: MintSource }> {
  const { store, acceptable } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 25;
  const local = async () => ({ entry: await options.mint(), source: 'local' as const });
  // A replica asking while its first connection is still opening waits for it (bounded by the connect
  // timeout) instead of minting on its own: otherwise every replica starting at once mints.
  if (!store.available()) await store.firstConnection();
  if (!store.available()) return local();
  const giveUpAt = now() + options.waitMs;
  for (;;) {
    let lockId: string | undefined;
    try {
      const shared = await store.read();
      if (shared && acceptable(shared)) return { entry: shared, source: 'shared' };
      lockId = await store.lock(options.lockTtlMs);
    } catch (error) {
      store.failed(error);
      return local();
    }
    if (lockId !== undefined) return mintUnderLock(options, lockId);
    if (now() >= giveUpAt) return local();
    await sleep(pollMs);
  }
}

async function mintUnderLock(
  options: CoordinateMintOptions,
  lockId: string,
): Promise<{ entry: SharedTokenEntry; source: MintSource }> {
  const { store } = options;
  try {
    // Another replica may have written a JWT between our read and our lock.
    const shared = await store.read().catch(() => undefined);
    if (shared && options.acceptable(shared)) return { entry: shared, source: 'shared' };
    const entry = await options.mint();
    await store.write(entry).catch((error: unknown) => store.failed(error));
    return { entry, source: 'minted' };
  } finally {
    await store.unlock(lockId).catch(() => {});
  }
}
