import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median, oddRounds } from '../../../bench/median.ts';

describe('median', () => {
  it('takes the middle of an odd count and the mean of the two middles of an even one', () => {
    expect(median([3, 1, 2])).toBe(2);
    // The old bench picked the lower middle (1) here.
    expect(median([1, 3])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('throws on an empty list', () => {
    expect(() => median([])).toThrow('median of an empty list');
  });

  it('property: as many values lie at or below the median as at or above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 }),
        (values) => {
          const m = median(values);
          const below = values.filter((v) => v <= m).length;
          const above = values.filter((v) => v >= m).length;
          expect(below).toBeGreaterThanOrEqual(values.length / 2);
          expect(above).toBeGreaterThanOrEqual(values.length / 2);
        },
      ),
      { seed: 11 },
    );
  });
});

describe('oddRounds', () => {
  it('rounds an even number of rounds up to the next odd one', () => {
    expect([0, 1, 2, 3, 4].map(oddRounds)).toEqual([1, 1, 3, 3, 5]);
  });
});
