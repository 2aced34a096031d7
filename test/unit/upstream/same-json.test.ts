import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sameJson } from '../../../src/upstream/same-json.ts';
import { MAX_KEY_DEPTH, stableJson } from '../../../src/upstream/stable-json.ts';
import { jsonLikeValue } from '../../helpers/json-values.ts';

/** The definition sameJson must keep: equal canonical JSON, and none for what is not JSON. */
const expected = (a: unknown, b: unknown) => {
  const text = stableJson(a);
  return text !== undefined && text === stableJson(b);
};

/** The same value rebuilt: keys in reverse order, undefined keys dropped and one added, arrays copied. */
function rebuilt(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rebuilt);
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  const out: Record<string, unknown> = { added: undefined };
  for (const name of Object.keys(value).reverse()) {
    const item = (value as Record<string, unknown>)[name];
    if (item !== undefined) out[name] = rebuilt(item);
  }
  return out;
}

/** The value with its first leaf (depth-first) replaced. */
function changed(value: unknown, leaf: unknown): unknown {
  if (Array.isArray(value) && value.length > 0) return [changed(value[0], leaf), ...value.slice(1)];
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const names = Object.keys(value);
    if (names.length === 0) return { changed: leaf };
    const first = names[0] as string;
    return { ...value, [first]: changed((value as Record<string, unknown>)[first], leaf) };
  }
  return leaf;
}

describe('sameJson', () => {
  it('is equality of stableJson texts, for unrelated, rebuilt and changed values (property)', () => {
    const leaf = fc.oneof(fc.string({ maxLength: 2 }), fc.integer({ min: -2, max: 2 }), fc.constant(null));
    fc.assert(
      fc.property(jsonLikeValue, jsonLikeValue, leaf, (a, b, l) => {
        for (const other of [b, rebuilt(a), changed(rebuilt(a), l), a]) {
          expect(sameJson(a, other)).toBe(expected(a, other));
          expect(sameJson(other, a)).toBe(expected(other, a));
        }
      }),
      { numRuns: 2000, seed: 20261203 },
    );
  });

  it('ignores key order, tells array order, and treats own __proto__ keys as data', () => {
    const refs = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'Space', id })) });
    expect(
      sameJson(refs(['1', '2']), {
        r: [
          { id: '1', __typename: 'Space' },
          { __typename: 'Space', id: '2' },
        ],
      }),
    ).toBe(true);
    expect(sameJson(refs(['1', '2']), refs(['2', '1']))).toBe(false);
    expect(sameJson(JSON.parse('{"__proto__":1}'), {})).toBe(false);
    expect(sameJson({}, JSON.parse('{"__proto__":1}'))).toBe(false);
    expect(sameJson(JSON.parse('{"__proto__":1}'), JSON.parse('{"__proto__":1}'))).toBe(true);
  });

  it('equals nothing past MAX_KEY_DEPTH, and no file, not even itself', () => {
    let deep: unknown = 1;
    for (let i = 0; i <= MAX_KEY_DEPTH; i++) deep = [deep];
    expect(sameJson(deep, deep)).toBe(false);
    expect(sameJson((deep as unknown[])[0], (deep as unknown[])[0])).toBe(true);
    const file = new File(['x'], 'logo.svg');
    expect(sameJson({ file }, { file })).toBe(false);
  });
});
