/** The value an `Upload` variable holds after a multipart request was parsed. */

/** Brand that JSON input can never produce, so a JSON object cannot pose as a file. */
export const UPLOAD_BRAND = Symbol.for('boomi-simulator.upload');

/** One uploaded file. */
export interface UploadedFile {
  readonly [UPLOAD_BRAND]: true;
  filename: string;
  mimeType: string;
  bytes: Uint8Array;
}

/** Type guard for {@link UploadedFile}. */
export function isUpload(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && UPLOAD_BRAND in value;
}

/** Replaces uploads by a summary and redacts secrets (for the mutation log). */
export function sanitizeArgs(value: unknown): unknown {
  if (isUpload(value))
    return { upload: { filename: value.filename, mimeType: value.mimeType, size: value.bytes.length } };
  if (Array.isArray(value)) return value.map(sanitizeArgs);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      out[key] = /secret|password|token/i.test(key) && typeof v === 'string' ? '[REDACTED]' : sanitizeArgs(v);
    }
    return out;
  }
  return value;
}
