/** The upload walker and logo checks, directly (#9 items 6, 7). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLogo, collectFiles } from '../../../src/plugins/use-upload-validation.ts';
import { LOGOS, logoFile } from '../../helpers/multipart.ts';

const LIMITS = { maxBytes: 262_144, maxPixels: 16_777_216 };

describe('collectFiles', () => {
  it('finds files anywhere, with their paths, and replaces them in place', () => {
    const file = logoFile(LOGOS.png, 'a.png', 'image/png');
    const variables: Record<string, unknown> = { in: { theme: { logo: file }, list: [1, file] } };
    const found = collectFiles(variables);
    expect(found.map((f) => f.path)).toEqual(['$.in.theme.logo', '$.in.list[1]']);
    const other = logoFile(LOGOS.jpg, 'b.jpg', 'image/jpeg');
    found[1]?.replace?.(other);
    expect((variables.in as { list: unknown[] }).list[1]).toBe(other);
  });

  it('walks values nested 100,000 deep without recursion', () => {
    let deep: unknown = logoFile(LOGOS.png, 'deep.png', 'image/png');
    for (let i = 0; i < 100_000; i++) deep = i % 2 === 0 ? [deep] : { a: deep };
    expect(collectFiles({ x: deep })).toHaveLength(1);
  });

  it('never throws and finds no file in any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(collectFiles(value)).toEqual([]);
      }),
      { seed: 9, numRuns: 300 },
    );
  });
});

describe('checkLogo', () => {
  it('accepts the small valid svg, png and jpg', async () => {
    expect(await checkLogo(logoFile(LOGOS.svg, 'a.svg', 'image/svg+xml'), LIMITS)).toBeUndefined();
    expect(await checkLogo(logoFile(LOGOS.png, 'a.png', 'image/png'), LIMITS)).toBeUndefined();
    expect(await checkLogo(logoFile(LOGOS.jpg, 'a.jpg', 'image/jpeg'), LIMITS)).toBeUndefined();
  });

  it('bounds PNG and JPEG pixels by the header', async () => {
    const png = LOGOS.png.slice();
    new DataView(png.buffer).setUint32(16, 5000);
    new DataView(png.buffer).setUint32(20, 5000);
    expect(await checkLogo(logoFile(png, 'a.png', 'image/png'), LIMITS)).toBe(
      `The logo file "a.png" (image/png, ${png.length} bytes) is 5000×5000 pixels, more than the 16777216 pixels allowed.`,
    );
    expect(
      await checkLogo(logoFile(png, 'a.png', 'image/png'), { ...LIMITS, maxPixels: 25_000_000 }),
    ).toBeUndefined();
  });

  it('refuses an SVG with a script', async () => {
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
    );
    expect(await checkLogo(logoFile(svg, 'a.svg', 'image/svg+xml'), LIMITS)).toBe(
      `The logo file "a.svg" (image/svg+xml, ${svg.length} bytes) contains a <script> element.`,
    );
  });
});
