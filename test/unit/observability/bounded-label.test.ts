import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_LABEL,
  createBoundedLabel,
  OTHER_LABEL,
} from '../../../src/observability/bounded-label.ts';

describe('createBoundedLabel', () => {
  it('keeps the first `limit` distinct names, then answers __other', () => {
    const label = createBoundedLabel(2);
    expect(['A', 'B', 'C', 'A', 'D', 'B'].map((n) => label.of(n))).toEqual([
      'A',
      'B',
      OTHER_LABEL,
      'A',
      OTHER_LABEL,
      'B',
    ]);
    expect(label.size()).toBe(2);
  });

  it('maps a missing name to __anonymous and a name that is not a short GraphQL name to __other', () => {
    const label = createBoundedLabel(10);
    expect(label.of(undefined)).toBe(ANONYMOUS_LABEL);
    expect(label.of(null)).toBe(ANONYMOUS_LABEL);
    expect(label.of('')).toBe(ANONYMOUS_LABEL);
    expect(label.of('has space')).toBe(OTHER_LABEL);
    expect(label.of('a'.repeat(65))).toBe(OTHER_LABEL);
    expect(label.of('a'.repeat(64))).toBe('a'.repeat(64));
    expect(label.size()).toBe(1);
  });

  it('rejects a limit that is not a non-negative integer', () => {
    expect(() => createBoundedLabel(-1)).toThrow(
      'createBoundedLabel: limit must be an integer >= 0, received -1',
    );
    expect(() => createBoundedLabel(1.5)).toThrow('received 1.5');
  });

  it('property: at most limit + 2 distinct values come out, whatever goes in', () => {
    fc.assert(
      fc.property(
        fc.nat(20),
        fc.array(fc.option(fc.string(), { nil: undefined }), { maxLength: 200 }),
        (limit, names) => {
          const label = createBoundedLabel(limit);
          const out = new Set(names.map((n) => label.of(n)));
          expect(out.size).toBeLessThanOrEqual(limit + 2);
          expect(label.size()).toBeLessThanOrEqual(limit);
          // An admitted name always maps to itself.
          for (const n of names)
            if (n !== undefined && label.of(n) !== OTHER_LABEL && n !== '') expect(label.of(n)).toBe(n);
        },
      ),
      { seed: 10, numRuns: 200 },
    );
  });
});
