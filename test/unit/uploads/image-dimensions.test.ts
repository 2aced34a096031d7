import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jpegDimensions, pngDimensions } from '../../../src/uploads/image-dimensions.ts';
import { LOGOS } from '../../helpers/multipart.ts';

describe('image dimensions from headers', () => {
  it('reads the PNG IHDR and the JPEG SOF0', () => {
    expect(pngDimensions(LOGOS.png)).toEqual({ width: 1, height: 1 });
    expect(jpegDimensions(LOGOS.jpg)).toEqual({ width: 1, height: 1 });
  });

  it('reads a progressive JPEG (SOF2) after fill bytes and other segments', () => {
    const bytes = Uint8Array.from([
      0xff, 0xd8, 0xff, 0xfe, 0x00, 0x04, 0x41, 0x42, 0xff, 0xff, 0xc2, 0x00, 0x0b, 0x08, 0x01, 0x02, 0x03,
      0x04, 0x01, 0x01, 0x11, 0x00,
    ]);
    expect(jpegDimensions(bytes)).toEqual({ height: 0x0102, width: 0x0304 });
  });

  it('finds nothing without a frame header', () => {
    expect(jpegDimensions(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9]))).toBeUndefined();
    expect(pngDimensions(LOGOS.png.slice(0, 20))).toBeUndefined();
  });

  it('never throws on random bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (tail) => {
        const jpeg = Uint8Array.from([0xff, 0xd8, ...tail]);
        const png = Uint8Array.from([...LOGOS.png.subarray(0, 8), ...tail]);
        jpegDimensions(jpeg);
        pngDimensions(png);
      }),
      { seed: 3, numRuns: 500 },
    );
  });
});
