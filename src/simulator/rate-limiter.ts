/**
 * Per-account admission for /graphql: a cap on concurrently running requests and an optional
 * requests-per-second sliding window. Entries are removed when they drop to zero, so the maps only
 * hold accounts that are active right now.
 */

/** Outcome of {@link RateLimiter.admit}. */
export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number };

/** Per-account rate limiter. */
export interface RateLimiter {
  admit(accountId: string): Admission;
  reset(): void;
}

/** Creates a limiter; `requestsPerSecond` undefined disables the window. */
export function createRateLimiter(options: {
  maxConcurrentPerAccount: number;
  requestsPerSecond: number | undefined;
}): RateLimiter {
  const running = new Map<string, number>();
  const windows = new Map<string, number[]>();
  return {
    admit(accountId) {
      const now = Date.now();
      if (options.requestsPerSecond !== undefined) {
        const recent = (windows.get(accountId) ?? []).filter((t) => now - t < 1000);
        if (recent.length >= options.requestsPerSecond) {
          windows.set(accountId, recent);
          const oldest = recent[0] ?? now;
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((oldest + 1000 - now) / 1000)) };
        }
        recent.push(now);
        windows.set(accountId, recent);
        // Forget the window once it can no longer matter (keeps the map bounded by active accounts).
        setTimeout(() => {
          const list = windows.get(accountId);
          if (list?.every((t) => Date.now() - t >= 1000)) windows.delete(accountId);
        }, 1100).unref();
      }
      const current = running.get(accountId) ?? 0;
      if (current >= options.maxConcurrentPerAccount) return { ok: false, retryAfterSeconds: 1 };
      running.set(accountId, current + 1);
      let released = false;
      return {
        ok: true,
        release() {
          if (released) return;
          released = true;
          const n = (running.get(accountId) ?? 1) - 1;
          if (n <= 0) running.delete(accountId);
          else running.set(accountId, n);
        },
      };
    },
    reset() {
      windows.clear();
    },
  };
}
