import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_KEY_DEPTH, stableJson } from '../../../src/upstream/stable-json.ts';
import { jsonLikeValue as value } from '../../helpers/json-values.ts';

/** The definition, written plainly: keys sorted at every level; undefined for anything not plain JSON. */
function reference(value: unknown, depth = 0): string | undefined {
  if (depth > MAX_KEY_DEPTH) return undefined;
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : undefined;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (const item of value) {
      const text = reference(item, depth + 1);
      if (text === undefined) return undefined;
      items.push(text);
    }
    return `[${items.join(',')}]`;
  }
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    return value === undefined ? 'null' : undefined;
  }
  const entries: string[] = [];
  for (const name of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[name];
    if (item === undefined) continue;
    const text = reference(item, depth + 1);
    if (text === undefined) return undefined;
    entries.push(`${JSON.stringify(name)}:${text}`);
  }
  return `{${entries.join(',')}}`;
}

describe('stableJson', () => {
  it('is the sorted-key JSON of plain values and undefined for anything else (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(stableJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000, seed: 1202 },
    );
  });

  it('ignores key order and keeps array order', () => {
    expect(stableJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(stableJson({ a: [{ x: 1, y: 2 }], b: 1 }));
    expect(stableJson([1, 2])).not.toBe(stableJson([2, 1]));
    expect(stableJson({ r: [{ __typename: 'Space', id: '1' }] })).toBe(
      '{"r":[{"__typename":"Space","id":"1"}]}',
    );
  });

  it('gives up past MAX_KEY_DEPTH', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_KEY_DEPTH; i++) deep = [deep];
    expect(stableJson(deep)).toBeUndefined();
    expect(stableJson((deep as unknown[])[0])).toBeDefined();
  });
});
