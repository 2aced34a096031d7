import type { ExecutionRequest } from '@graphql-tools/utils';
import { FormData as UndiciFormData } from 'undici';
import { printDocument } from './print-document.ts';

/** A request body ready to send, with the content type it needs (multipart sets its own boundary). */
export type EncodedBody =
  | { kind: 'json'; body: string; contentType: 'application/json' }
  | { kind: 'multipart'; body: UndiciFormData };

type FileEntry = { path: string; file: Blob & { name?: string } };

/**
 * Encodes a request as JSON, or as a GraphQL multipart request (the graphql-multipart-request-spec) when
 * its variables hold files: each file is replaced by `null` in `operations` and mapped from its own part.
 */
export function encodeBody(request: ExecutionRequest): EncodedBody {
  const files: FileEntry[] = [];
  // A walk that allocates nothing first: nearly every request holds no file, and copying its variables
  // (100 representations of an `_entities` batch) with a path per value would be wasted.
  const raw = request.variables ?? {};
  const variables = holdsFile(raw) ? extractFiles(raw, 'variables', files) : raw;
  const operations = JSON.stringify({
    query: printDocument(request.document),
    variables,
    ...(request.operationName ? { operationName: request.operationName } : {}),
  });
  if (files.length === 0) return { kind: 'json', body: operations, contentType: 'application/json' };
  const form = new UndiciFormData();
  form.append('operations', operations);
  const map: Record<string, string[]> = {};
  files.forEach((entry, index) => {
    map[String(index)] = [entry.path];
  });
  form.append('map', JSON.stringify(map));
  files.forEach((entry, index) => {
    form.append(String(index), entry.file, entry.file.name ?? `upload-${index}`);
  });
  return { kind: 'multipart', body: form };
}

function isFile(value: unknown): value is Blob & { name?: string } {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function holdsFile(value: unknown): boolean {
  if (isFile(value)) return true;
  if (Array.isArray(value)) return value.some(holdsFile);
  if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) if (holdsFile((value as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function extractFiles(value: unknown, path: string, files: FileEntry[]): unknown {
  if (isFile(value)) {
    files.push({ path, file: value });
    return null;
  }
  if (Array.isArray(value)) return value.map((item, i) => extractFiles(item, `${path}.${i}`, files));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = extractFiles(item, `${path}.${key}`, files);
    return out;
  }
  return value;
}
