import {
  createRateGovernor,
  type GovernorPermit,
  GovernorRefused,
  type RateGovernor,
  type RateGovernorOptions,
} from '../upstream/rate-governor.ts';
import { governorError } from '../upstream/to-client-error.ts';
import type { LeaseStore } from './lease-store.ts';

export interface DistributedGovernorOptions extends RateGovernorOptions {
  /** The account's leases in Redis; the account budget is `maxConcurrent` across all replicas. */
  leases: LeaseStore;
  /** Replicas sharing the account: without Redis each uses `maxConcurrent / replicasExpected`. @default 1 */
  replicasExpected?: number;
  /** Interval between looks at Redis while the account's budget is used by other replicas. @default 20 */
  pollMs?: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The account budget shared by replicas. A caller first takes a slot of this replica's own governor (its
 * queue, maximum wait, shedding and adaptive back-off are unchanged), then a lease in Redis that counts
 * against `maxConcurrent` for the whole account. Leases expire after `leases.leaseMs` unless renewed, so a
 * replica that dies frees its share. A 429/503 pause is written to Redis and honoured by every replica.
 * Redis unavailable (or failing mid-wait): the caller is served by a fallback governor sized
 * `maxConcurrent / replicasExpected`, never refused because of Redis.
 */
export function createDistributedGovernor(options: DistributedGovernorOptions): RateGovernor {
  const { leases, replicasExpected = 1, pollMs = 20, ...local } = options;
  const maxConcurrent = local.maxConcurrent ?? 4;
  const now = local.now ?? Date.now;
  const shared = createRateGovernor(local);
  const fallbackMax = Math.max(1, Math.floor(maxConcurrent / replicasExpected));
  const fallback = createRateGovernor({
    ...local,
    maxConcurrent: fallbackMax,
    ...(local.adaptive ? { adaptive: { ...local.adaptive, minConcurrent: 1 } } : {}),
  });
  const held = new Set<string>();
  /** Calls running on the local share (not merely waiting for it). */
  let localRunning = 0;
  let renewTimer: ReturnType<typeof setInterval> | undefined;

  function renewing(): void {
    if (held.size === 0) {
      if (renewTimer) clearInterval(renewTimer);
      renewTimer = undefined;
      return;
    }
    if (renewTimer) return;
    renewTimer = setInterval(
      () => {
        leases.renew([...held]).catch((error: unknown) => leases.failed(error));
      },
      Math.max(10, Math.floor(leases.leaseMs / 3)),
    );
    renewTimer.unref?.();
  }

  function leased(slot: GovernorPermit, id: string): GovernorPermit {
    held.add(id);
    renewing();
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        held.delete(id);
        renewing();
        slot.release();
        // An unreachable Redis lets the lease expire by itself.
        leases.release(id).catch((error: unknown) => leases.failed(error));
      },
    };
  }

  /**
   * Waits (bounded by `expiresAt`) until `busy()` is false, so a replica never mixes shared leases and its
   * local share: slots taken under one mode are given back before the other mode counts from zero.
   */
  async function drained(busy: () => boolean, expiresAt: number, signal: AbortSignal | undefined) {
    while (busy()) {
      if (signal?.aborted) throw signal.reason;
      if (now() + pollMs >= expiresAt) throw new GovernorRefused('wait-exceeded', 1000);
      await sleep(pollMs, signal);
    }
  }

  function expiry(opts: { deadline?: number }): number {
    return Math.min(now() + (local.maxWaitMs ?? 10_000), opts.deadline ?? Number.POSITIVE_INFINITY);
  }

  async function acquireLocal(opts: { signal?: AbortSignal; deadline?: number }): Promise<GovernorPermit> {
    const slot = await fallback.acquireSlot(opts);
    try {
      await drained(() => held.size > 0, expiry(opts), opts.signal);
    } catch (error) {
      slot.release();
      throw error;
    }
    localRunning++;
    let released = false;
    return {
      release() {
        if (released) return;
        released = true;
        localRunning--;
        slot.release();
      },
    };
  }

  async function acquireSlot(opts: { signal?: AbortSignal; deadline?: number } = {}) {
    if (!leases.available()) return acquireLocal(opts);
    const slot = await shared.acquireSlot(opts);
    const expiresAt = expiry(opts);
    for (;;) {
      let answer: Awaited<ReturnType<LeaseStore['acquire']>>;
      try {
        // Waiting on running calls only (never on waiters): no cycle between the two modes.
        await drained(() => localRunning > 0 && leases.available(), expiresAt, opts.signal);
        if (!leases.available()) throw new Error('shared state unavailable');
        answer = await leases.acquire(maxConcurrent);
      } catch (error) {
        slot.release();
        if (error instanceof GovernorRefused || opts.signal?.aborted) throw error;
        leases.failed(error);
        return acquireLocal(opts);
      }
      if (answer.id !== undefined) return leased(slot, answer.id);
      if (opts.signal?.aborted) {
        slot.release();
        throw opts.signal.reason;
      }
      const wait = Math.max(pollMs, answer.pausedMs);
      if (now() + wait >= expiresAt) {
        slot.release();
        throw new GovernorRefused(answer.pausedMs > 0 ? 'paused' : 'wait-exceeded', Math.max(1000, wait));
      }
      await sleep(Math.min(wait, local.maxPauseMs ?? 2_000), opts.signal);
    }
  }

  return {
    acquireSlot,
    acquire(opts) {
      return acquireSlot(opts).catch((error: unknown) => {
        throw error instanceof GovernorRefused ? governorError(error.reason, error.retryAfterMs) : error;
      });
    },
    onRateLimited(retryAfterMs) {
      shared.onRateLimited(retryAfterMs);
      fallback.onRateLimited(retryAfterMs);
      const pause = Math.min(retryAfterMs ?? 0, local.maxPauseMs ?? 2_000);
      if (pause > 0 && leases.available())
        leases.pause(pause).catch((error: unknown) => leases.failed(error));
    },
    stats() {
      const a = shared.stats();
      const b = fallback.stats();
      const sharing = leases.available();
      return {
        inFlight: a.inFlight + b.inFlight,
        queued: a.queued + b.queued,
        effectiveConcurrency: sharing ? a.effectiveConcurrency : b.effectiveConcurrency,
        ...(a.effectiveRps === undefined ? {} : { effectiveRps: (sharing ? a : b).effectiveRps }),
        rejected: a.rejected + b.rejected,
      };
    },
    stalled: () => shared.stalled() || fallback.stalled(),
    dispose() {
      if (renewTimer) clearInterval(renewTimer);
      renewTimer = undefined;
      shared.dispose();
      fallback.dispose();
    },
  };
}
