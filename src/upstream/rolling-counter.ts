/** Counts per key over a sliding time window. */
export interface RollingCounter<K extends string> {
  /** Adds one to `key` in the current slice of the window. */
  add(key: K): void;
  /** The sums of every key over the window that ends now. */
  totals(): Record<K, number>;
  /** Forgets everything counted so far. */
  clear(): void;
}

/**
 * A sliding window kept as a fixed ring of `slices` buckets, so memory does not grow with traffic;
 * counts older than `windowMs` (to the precision of one slice) drop out.
 */
export function createRollingCounter<K extends string>(
  keys: readonly K[],
  windowMs: number,
  now: () => number,
  slices = 10,
): RollingCounter<K> {
  const sliceMs = windowMs / slices;
  const zero = () => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const ring = Array.from({ length: slices }, () => ({ epoch: -1, counts: zero() }));

  function currentEpoch(): number {
    return Math.floor(now() / sliceMs);
  }

  return {
    add(key) {
      const epoch = currentEpoch();
      const slice = ring[((epoch % slices) + slices) % slices]!;
      if (slice.epoch !== epoch) {
        slice.epoch = epoch;
        slice.counts = zero();
      }
      slice.counts[key]++;
    },
    totals() {
      const epoch = currentEpoch();
      const sums = zero();
      for (const slice of ring) {
        if (slice.epoch > epoch - slices) for (const k of keys) sums[k] += slice.counts[k];
      }
      return sums;
    },
    clear() {
      for (const slice of ring) slice.epoch = -1;
    },
  };
}
