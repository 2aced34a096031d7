import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boomiTimestampToIso } from '../../../src/subgraph/dates.ts';

/** The definition through Date: the parts must survive a round trip; milliseconds truncated. */
function reference(value: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(value.trim());
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Math.trunc(Number(`0.${match[7] ?? '0'}`) * 1000 + 1e-6);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  const parts = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  if (parts.some((part, i) => part !== [y, mo, d, h, mi, s][i])) return undefined;
  return date.toISOString();
}

describe('boomiTimestampToIso', () => {
  it.each([
    ['2022-11-02 18:41:11.0', '2022-11-02T18:41:11.000Z'],
    ['2023-04-13 12:18:42.5', '2023-04-13T12:18:42.500Z'],
    ['2023-04-13 12:18:42.123', '2023-04-13T12:18:42.123Z'],
    ['2023-04-13 12:18:42', '2023-04-13T12:18:42.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(boomiTimestampToIso(input)).toBe(expected);
  });

  it.each([
    '',
    'yesterday',
    '2023-02-30 10:00:00.0',
    '2023-13-01 10:00:00.0',
    '2023-04-13T12:18:42Z',
    '2023-04-13 25:00:00.0',
  ])('rejects %j', (input) => {
    expect(boomiTimestampToIso(input)).toBeUndefined();
  });

  it('agrees with the Date round trip on generated timestamps, valid or not (property)', () => {
    const digits = (n: number) =>
      fc.array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n }).map((a) => a.join(''));
    const part = (n: number, max: number) =>
      fc.oneof(
        digits(n),
        fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0')),
      );
    const timestamp = fc
      .tuple(
        fc.oneof(part(4, 9999), fc.integer({ min: 1900, max: 2100 }).map(String)),
        part(2, 13),
        part(2, 32),
        part(2, 25),
        part(2, 61),
        part(2, 61),
        fc.option(fc.integer({ min: 1, max: 9 }).chain(digits), { nil: undefined }),
      )
      .map(([y, mo, d, h, mi, s, f]) => `${y}-${mo}-${d} ${h}:${mi}:${s}${f === undefined ? '' : `.${f}`}`);
    fc.assert(
      fc.property(timestamp, (value) => {
        expect(boomiTimestampToIso(value)).toBe(reference(value));
      }),
      { numRuns: 3000, seed: 1202 },
    );
  });

  it('truncates to milliseconds as Java does (no rounding into the next second)', () => {
    expect(boomiTimestampToIso('2022-11-02 19:27:59.9999')).toBe('2022-11-02T19:27:59.999Z');
    expect(boomiTimestampToIso('2024-02-29 00:00:00.1235')).toBe('2024-02-29T00:00:00.123Z');
    expect(boomiTimestampToIso('2023-02-29 00:00:00')).toBeUndefined();
  });
});
