import { describe, expect, it } from 'vitest';
import { boomiTimestampToIso } from '../../../src/subgraph/dates.ts';

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
});
