/** Partial-update merge of Platform JSON objects (EnvironmentExtensions with "partial": "true"). */

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Deep merge: objects merge key by key; arrays of objects that carry an `id` merge element-wise by
 * id (new ids are appended); any other value replaces the old one.
 */
export function mergePartial(base: Json, patch: Json): Json {
  if (isObject(base) && isObject(patch)) {
    const out: Record<string, Json> = { ...base };
    for (const [key, value] of Object.entries(patch))
      out[key] = key in base ? mergePartial(base[key], value) : value;
    return out;
  }
  if (Array.isArray(base) && Array.isArray(patch) && patch.every((p) => isObject(p) && 'id' in p)) {
    const out = base.map((b) => {
      const match = isObject(b) ? patch.find((p) => isObject(p) && p.id === b.id) : undefined;
      return match === undefined ? b : mergePartial(b, match);
    });
    for (const p of patch) {
      if (!base.some((b) => isObject(b) && isObject(p) && b.id === p.id)) out.push(p);
    }
    return out;
  }
  return patch;
}

/** Parses a JSON-in-string argument that must hold an object; undefined otherwise. */
export function parseJsonObject(text: unknown): Record<string, Json> | undefined {
  if (typeof text !== 'string') return undefined;
  try {
    const value: Json = JSON.parse(text);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
