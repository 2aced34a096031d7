/**
 * GraphQL multipart request spec (parts `operations`, `map`, then files), parsed with the
 * platform's own `Response#formData()` so no multipart dependency is needed.
 */
import { UPLOAD_BRAND, type UploadedFile } from './upload.ts';

/** Result of {@link parseMultipartRequest}: the operations object with files substituted. */
export type MultipartResult = { ok: true; operations: unknown } | { ok: false; error: string };

/** Parses a multipart body; every error message is safe to return to the client. */
export async function parseMultipartRequest(body: Buffer, contentType: string): Promise<MultipartResult> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return { ok: false, error: 'Malformed multipart/form-data body' };
  }
  const operationsText = form.get('operations');
  const mapText = form.get('map');
  if (typeof operationsText !== 'string')
    return { ok: false, error: 'Multipart request is missing the "operations" part' };
  if (typeof mapText !== 'string') return { ok: false, error: 'Multipart request is missing the "map" part' };
  let operations: unknown;
  let map: unknown;
  try {
    operations = JSON.parse(operationsText);
  } catch {
    return { ok: false, error: 'The "operations" part is not valid JSON' };
  }
  try {
    map = JSON.parse(mapText);
  } catch {
    return { ok: false, error: 'The "map" part is not valid JSON' };
  }
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
    return {
      ok: false,
      error: 'The "operations" part must be a JSON object (batched operations are not supported)',
    };
  }
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    return { ok: false, error: 'The "map" part must be a JSON object' };
  }
  for (const [key, paths] of Object.entries(map)) {
    const part = form.get(key);
    if (part === null || typeof part === 'string') {
      return { ok: false, error: `The "map" part refers to file "${key}", which was not sent as a file` };
    }
    if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string')) {
      return { ok: false, error: `The "map" entry "${key}" must be an array of object paths` };
    }
    const file: UploadedFile = {
      [UPLOAD_BRAND]: true,
      filename: (part as File).name ?? '',
      mimeType: part.type,
      bytes: new Uint8Array(await part.arrayBuffer()),
    };
    for (const path of paths as string[]) {
      const error = setAtPath(operations as Record<string, unknown>, path, file);
      if (error) return { ok: false, error };
    }
  }
  return { ok: true, operations };
}

function setAtPath(root: Record<string, unknown>, path: string, value: unknown): string | undefined {
  const keys = path.split('.');
  if (keys[0] !== 'variables' || keys.length < 2) {
    return `Invalid map path "${path}" (it must start with "variables.")`;
  }
  let target: unknown = root;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i] as string;
    if (key === '__proto__' || key === 'constructor' || key === 'prototype')
      return `Invalid map path "${path}"`;
    const next: unknown = (target as Record<string, unknown>)[key];
    if (typeof next !== 'object' || next === null) return `Map path "${path}" does not exist in "operations"`;
    target = next;
  }
  const last = keys[keys.length - 1] as string;
  if (last === '__proto__' || last === 'constructor' || last === 'prototype')
    return `Invalid map path "${path}"`;
  const container = target as Record<string, unknown>;
  if (!(last in container) || container[last] !== null) {
    return `Map path "${path}" must point at a null placeholder in "operations"`;
  }
  container[last] = value;
  return undefined;
}
