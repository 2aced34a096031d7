import { describe, expect, it } from 'vitest';
import { spaceGuidFromUrl } from '../../../src/subgraph/space-url.ts';

describe('spaceGuidFromUrl', () => {
  it('reads the guid query parameter', () => {
    expect(spaceGuidFromUrl('https://space.boomi.com?guid=gh887hhuj')).toBe('gh887hhuj');
    expect(spaceGuidFromUrl('https://space.boomi.com/x?a=1&guid=abc#frag')).toBe('abc');
  });
  it('returns undefined without a guid', () => {
    expect(spaceGuidFromUrl('https://space.boomi.com')).toBeUndefined();
    expect(spaceGuidFromUrl('https://space.boomi.com?guid=')).toBeUndefined();
  });
});
