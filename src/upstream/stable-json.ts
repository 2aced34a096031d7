/**
 * The canonical JSON of variables, the key of in-flight de-duplication and operation sharing:
 * object keys sorted, and nothing for values that are not plain JSON.
 */

/** Variables nested deeper than this are not shared (and never walked further: client input, stack-safe). */
export const MAX_KEY_DEPTH = 64;

/** What {@link shapeOf} found: not plain JSON, plain JSON already in canonical key order, or plain JSON. */
const NOT_JSON = 0;
const CANONICAL = 1;
const PLAIN = 2;

/**
 * JSON with object keys sorted; undefined for values that are not plain JSON (Blob, Date, Map…) or are
 * nested deeper than {@link MAX_KEY_DEPTH}. Variables usually arrive with their keys in order (one
 * key per object, or `__typename` before `id`): one walk checks that, and the native
 * `JSON.stringify` writes the text; otherwise the keys are sorted as the text is built.
 */
export function stableJson(value: unknown): string | undefined {
  const shape = shapeOf(value, 0);
  if (shape === NOT_JSON) return undefined;
  if (shape === CANONICAL) return JSON.stringify(value) ?? 'null';
  return sortedJson(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

function shapeOf(value: unknown, depth: number): number {
  if (depth > MAX_KEY_DEPTH) return NOT_JSON;
  if (value === null || value === undefined || typeof value === 'boolean' || typeof value === 'string') {
    return CANONICAL;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? CANONICAL : NOT_JSON;
  let shape = CANONICAL;
  if (Array.isArray(value)) {
    for (const item of value) {
      const inner = shapeOf(item, depth + 1);
      if (inner === NOT_JSON) return NOT_JSON;
      if (inner === PLAIN) shape = PLAIN;
    }
    return shape;
  }
  if (!isPlainObject(value)) return NOT_JSON;
  let previous: string | undefined;
  for (const name of Object.keys(value)) {
    if (previous !== undefined && previous > name) shape = PLAIN;
    previous = name;
    const item = value[name];
    if (item === undefined) continue;
    const inner = shapeOf(item, depth + 1);
    if (inner === NOT_JSON) return NOT_JSON;
    if (inner === PLAIN) shape = PLAIN;
  }
  return shape;
}

/** The canonical text of a value {@link shapeOf} accepted. */
function sortedJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  const entries: string[] = [];
  for (const name of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[name];
    if (item !== undefined) entries.push(`${JSON.stringify(name)}:${sortedJson(item)}`);
  }
  return `{${entries.join(',')}}`;
}
