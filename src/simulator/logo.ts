/**
 * Logo acceptance rules (docs/contract.md §6): svg, png or jpg, at most 256 KB = 262 144 bytes; the
 * file extension, the declared content type and the file's magic bytes must all agree.
 */
import type { SimContext } from './context.ts';
import { domainError } from './error-codes.ts';
import type { LogoRecord } from './model.ts';
import { isUpload } from './upload.ts';

/** Largest accepted logo in bytes. */
export const MAX_LOGO_BYTES = 262_144;

const KINDS = [
  { extensions: ['.svg'], contentType: 'image/svg+xml', matches: isSvg },
  { extensions: ['.png'], contentType: 'image/png', matches: isPng },
  { extensions: ['.jpg', '.jpeg'], contentType: 'image/jpeg', matches: isJpeg },
] as const;

function isPng(b: Uint8Array): boolean {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  return b.length >= 8 && sig.every((v, i) => b[i] === v);
}

function isJpeg(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

function isSvg(b: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096)).toLowerCase();
  // Only an XML prolog, comments, a doctype or whitespace may precede the root element.
  const stripped = head
    .replace(/^\ufeff/, '')
    .replace(/<\?xml[\s\S]*?\?>/g, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!doctype[\s\S]*?>/g, '')
    .trimStart();
  return stripped.startsWith('<svg');
}

/** Validates an uploaded logo and turns it into a stored record; SPACE_LOGO_UPLOAD_ERROR otherwise. */
export function acceptLogo(ctx: SimContext, value: unknown): LogoRecord {
  const reject = (why: string) =>
    domainError('SPACE_LOGO_UPLOAD_ERROR', `Logo upload refused (FORBIDDEN): ${why}`);
  if (!isUpload(value)) throw reject('theme.logo must be a file sent as a multipart upload');
  if (ctx.faults.config.themeStoreDown) {
    throw domainError(
      'SPACE_LOGO_UPLOAD_ERROR',
      'Logo upload failed (INTERNAL_ERROR): the logo store is unavailable',
    );
  }
  const name = value.filename.toLowerCase();
  const kind = KINDS.find((k) => k.extensions.some((ext) => name.endsWith(ext)));
  if (!kind) throw reject('only .svg, .png and .jpg files are accepted');
  const declared = value.mimeType.split(';')[0]?.trim().toLowerCase();
  if (declared !== kind.contentType) {
    throw reject(`content type ${declared || '(none)'} does not match a ${kind.extensions[0]} file`);
  }
  if (value.bytes.length === 0) throw reject('the file is empty');
  if (value.bytes.length > MAX_LOGO_BYTES) throw reject(`the file is larger than ${MAX_LOGO_BYTES} bytes`);
  if (!kind.matches(value.bytes)) throw reject(`the file content is not a valid ${kind.extensions[0]} image`);
  return {
    id: ctx.state.rng.uuid(),
    contentType: kind.contentType,
    filename: value.filename,
    bytes: value.bytes,
  };
}
