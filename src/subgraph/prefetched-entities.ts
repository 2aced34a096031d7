/**
 * A Space batch the pass-through fast path already fetched for a request's `_entities`, handed to the
 * normal path when the answer is not one the fast path writes directly (errors, nulls, values to
 * coerce): the normal path's batch of the same ids then answers from it instead of calling the
 * upstream again, so `_entities` costs one upstream request whichever path answers it.
 */
import type { Fetched } from './fetch-query.ts';

/** The `_spacesByIds` list result (spaces-by-ids.ts `listResult`), or what its executor threw. */
export type PrefetchedBatch = Fetched;

export interface EntityPrefetch {
  /** Keeps `batch` for the request of `context`, for a batch of exactly `ids`. */
  put(context: object, ids: readonly string[], batch: PrefetchedBatch): void;
  /** The batch kept for this request and exactly these ids, once; undefined otherwise. */
  take(context: unknown, ids: readonly unknown[]): PrefetchedBatch | undefined;
}

export function createEntityPrefetch(): EntityPrefetch {
  const kept = new WeakMap<object, { ids: readonly string[]; batch: PrefetchedBatch }>();
  return {
    put(context, ids, batch) {
      kept.set(context, { ids, batch });
    },
    take(context, ids) {
      if (typeof context !== 'object' || context === null) return undefined;
      const entry = kept.get(context);
      if (!entry || entry.ids.length !== ids.length || entry.ids.some((id, i) => id !== ids[i]))
        return undefined;
      kept.delete(context);
      return entry.batch;
    },
  };
}
