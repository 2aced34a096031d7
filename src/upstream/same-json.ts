import { MAX_KEY_DEPTH } from './stable-json.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Own enumerable keys whose value is not undefined (stableJson leaves the others out). */
function definedKeys(value: Record<string, unknown>): number {
  let count = 0;
  for (const name of Object.keys(value)) if (value[name] !== undefined) count++;
  return count;
}

/**
 * Whether two values have the same canonical JSON, without writing it: exactly when
 * `stableJson(a) !== undefined && stableJson(a) === stableJson(b)` (a property test pins that).
 * Object key order is ignored, undefined object values are absent keys, undefined elsewhere is
 * null, and anything that is not plain JSON (a file, a Date, NaN) or is nested deeper than
 * {@link MAX_KEY_DEPTH} is equal to nothing. Operation sharing compares the variables of a query
 * with those of the few identical documents in flight: a walk that stops at the first difference and
 * allocates nothing, where the canonical text of 100 `_entities` representations cost every query
 * some 5 KB of string to build and hash.
 */
export function sameJson(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > MAX_KEY_DEPTH) return false;
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a === 'string' || typeof a === 'boolean') return a === b;
  if (typeof a === 'number') return a === b && Number.isFinite(a);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i], depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  let count = 0;
  for (const name of Object.keys(a)) {
    const item = a[name];
    if (item === undefined) continue;
    count++;
    const other = Object.hasOwn(b, name) ? b[name] : undefined;
    if (other === undefined || !sameJson(item, other, depth + 1)) return false;
  }
  return count === definedKeys(b);
}
