import { describe, expect, it } from 'vitest';
import { clampTimerMs, MAX_TIMER_MS } from '../../../src/upstream/timers.ts';

describe('clampTimerMs', () => {
  it.each([
    [-5, 0],
    [Number.NaN, 0],
    [0.2, 1],
    [1_000, 1_000],
    [10 * 365 * 24 * 3600 * 1000, MAX_TIMER_MS],
    [Number.POSITIVE_INFINITY, MAX_TIMER_MS],
  ])('%d → %d', (input, expected) => {
    expect(clampTimerMs(input)).toBe(expected);
  });
});
