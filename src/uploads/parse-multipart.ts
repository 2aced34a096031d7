import { createGraphQLError } from '@graphql-tools/utils';
import type { GraphQLParams } from 'graphql-yoga';

/** Most file parts one request may map (a Space has one logo; spaceCreate and spaceUpdate take one each). */
export const MAX_MAPPED_FILES = 10;
/** Most variable paths one file part may be mapped to. */
export const MAX_PATHS_PER_FILE = 10;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses a GraphQL multipart request (graphql-multipart-request-spec) strictly, unlike Yoga's
 * parser, which puts `null` where a mapped part is missing (a `spaceUpdate` would then remove the
 * Space's logo) and puts a text part where a file should be. Every problem is a 400 BAD_REQUEST
 * before anything runs: `operations` must be a JSON object, `map` a JSON object of part name → list
 * of `variables.…` paths, each mapped part must exist and be a file, and each path must point at a
 * `null` placeholder in `operations`.
 */
export async function parseMultipartStrictly(request: Request): Promise<GraphQLParams> {
  const form = await readForm(request);
  const operations = jsonPart(form, 'operations');
  if (typeof operations !== 'object' || operations === null || Array.isArray(operations)) {
    throw badRequest('The multipart "operations" part must be a JSON object (batching is not supported).');
  }
  const map = form.has('map') ? jsonPart(form, 'map') : {};
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw badRequest('The multipart "map" part must be a JSON object of file part names to variable paths.');
  }
  const entries = Object.entries(map as Record<string, unknown>);
  if (entries.length > MAX_MAPPED_FILES) {
    throw badRequest(
      `The multipart "map" names ${entries.length} files; at most ${MAX_MAPPED_FILES} are allowed.`,
    );
  }
  for (const [part, paths] of entries) {
    const file = form.get(part);
    const shown = JSON.stringify(part.slice(0, 40));
    if (file === null)
      throw badRequest(
        `The multipart "map" names the file part ${shown}, which the request does not contain.`,
      );
    if (typeof file === 'string') throw badRequest(`The multipart part ${shown} is not a file.`);
    if (!Array.isArray(paths) || paths.length === 0 || paths.length > MAX_PATHS_PER_FILE) {
      throw badRequest(
        `The multipart "map" entry ${shown} must list 1 to ${MAX_PATHS_PER_FILE} variable paths.`,
      );
    }
    for (const path of paths) placeFile(operations as Record<string, unknown>, path, file, shown);
  }
  return operations as GraphQLParams;
}

async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch (error) {
    if (error instanceof Error && error.name === 'AbortError') throw error;
    const message = error instanceof Error ? error.message : '';
    if (message.startsWith('File size limit exceeded')) {
      throw createGraphQLError(message, {
        extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
      });
    }
    throw badRequest('The multipart body could not be read.');
  }
}

function jsonPart(form: FormData, name: string): unknown {
  const value = form.get(name);
  if (value === null) throw badRequest(`The multipart request has no "${name}" part.`);
  if (typeof value !== 'string') throw badRequest(`The multipart "${name}" part must be text, not a file.`);
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(`The multipart "${name}" part is not valid JSON.`);
  }
}

/** Puts the file at `variables.a.b.0`, which must hold the `null` placeholder the spec requires. */
function placeFile(operations: Record<string, unknown>, path: unknown, file: unknown, part: string): void {
  const keys = typeof path === 'string' ? path.split('.') : [];
  if (keys[0] !== 'variables' || keys.length < 2 || keys.some((key) => FORBIDDEN_KEYS.has(key))) {
    throw badRequest(`The multipart "map" entry ${part} has a path that is not a "variables.…" path.`);
  }
  let node: unknown = operations;
  for (const key of keys.slice(0, -1)) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }
  const last = keys.at(-1) as string;
  if (
    typeof node !== 'object' ||
    node === null ||
    !Object.hasOwn(node, last) ||
    (node as Record<string, unknown>)[last] !== null
  ) {
    throw badRequest(
      `The multipart "map" path ${JSON.stringify(String(path).slice(0, 100))} does not point at a null placeholder in "operations".`,
    );
  }
  (node as Record<string, unknown>)[last] = file;
}

function badRequest(message: string) {
  return createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}
