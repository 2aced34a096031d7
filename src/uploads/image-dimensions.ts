/** Width and height of a raster image, read from its header without decoding it. */
export interface ImageDimensions {
  width: number;
  height: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] as const;

/**
 * A PNG's dimensions from its IHDR chunk, which the format requires first (offset 8: length,
 * `IHDR`, width, height as big-endian uint32). Undefined when the header is not there.
 */
export function pngDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 24 || !PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Markers without a length field: TEM, RST0-7, SOI, EOI. */
const STANDALONE = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9);
/** Start-of-frame markers (all coding processes); C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
const START_OF_FRAME = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * A JPEG's dimensions from its first start-of-frame segment (SOFn: length, precision, height,
 * width), found by walking the marker segments from SOI. Undefined when there is no frame header
 * before the scan data, EOI or the end of the file.
 */
export function jpegDimensions(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined; // EOI, or scan data before any frame
    if (STANDALONE(marker)) {
      offset += 2;
      continue;
    }
    const length = view.getUint16(offset + 2);
    if (START_OF_FRAME(marker)) {
      if (offset + 9 > bytes.length || length < 7) return undefined;
      return { height: view.getUint16(offset + 5), width: view.getUint16(offset + 7) };
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}
