import type { CacheEntityRecord } from '@envelop/response-cache';
import type { TypeNamer } from '../subgraph/type-names.ts';

/** Deeper than this an answer is not walked for entities (its depth is the query's, which limits bound). */
const MAX_DEPTH = 64;

/**
 * The entities an upstream object holds, as the response cache tags a response with them: every
 * object with a `__typename` (published name), with its `id` when it has one. The response cache
 * adds `__typename` and `id` to every selection of the documents it executes, so an answer to one
 * carries them; `root` (the Space the entry is for) is always among them. Our mutations evict by
 * these records (envelop's mutation invalidation, and use-response-cache.ts's own), so an entry goes
 * when any entity in it changes through us.
 */
export function entityRecords(value: unknown, name: TypeNamer, root: CacheEntityRecord): CacheEntityRecord[] {
  const records = new Map<string, CacheEntityRecord>();
  const add = (record: CacheEntityRecord) => {
    records.set(`${record.typename}\u0000${record.id ?? ''}`, record);
  };
  add(root);
  const walk = (item: unknown, depth: number) => {
    if (typeof item !== 'object' || item === null || depth > MAX_DEPTH) return;
    if (Array.isArray(item)) {
      for (const entry of item) walk(entry, depth + 1);
      return;
    }
    const object = item as Record<string, unknown>;
    const typename = object.__typename;
    if (typeof typename === 'string') {
      const id = object.id;
      add(
        typeof id === 'string' || typeof id === 'number'
          ? { typename: name(typename), id }
          : { typename: name(typename) },
      );
    }
    for (const key in object) walk(object[key], depth + 1);
  };
  walk(value, 0);
  return [...records.values()];
}
