import { type GraphQLResponse, readGraphQLResponse } from './stack.ts';

/**
 * Sends a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec):
 * `operations` (the JSON payload with `null` where each file goes), `map` (file part → variable paths)
 * and one part per file. `files` maps an object path such as `variables.input.theme.logo` to a file.
 */
export async function postMultipart<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  files: Record<string, File>,
  init: { headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<GraphQLResponse<T>> {
  const operations = structuredClone({ query, variables }) as Record<string, unknown>;
  const map: Record<string, string[]> = {};
  const form = new FormData();
  const entries = Object.entries(files);
  entries.forEach(([path, _file], index) => {
    setPath(operations, path, null);
    map[String(index)] = [path];
  });
  form.append('operations', JSON.stringify(operations));
  form.append('map', JSON.stringify(map));
  entries.forEach(([, file], index) => {
    form.append(String(index), file, file.name);
  });
  const response = await fetch(url, {
    method: 'POST',
    // CSRF prevention refuses header-less multipart (docs/security.md); Apollo clients send this header.
    headers: { accept: 'application/json', 'apollo-require-preflight': 'true', ...init.headers },
    body: form,
    ...(init.signal ? { signal: init.signal } : {}),
  });
  return readGraphQLResponse<T>(response);
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** A tiny valid SVG, PNG and JPEG (correct magic bytes) for logo uploads. */
export const LOGOS = {
  svg: new TextEncoder().encode(
    '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4" cx="4" cy="4"/></svg>',
  ),
  png: Uint8Array.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89,
  ]),
  // SOI, APP0 (JFIF), SOF0 (1×1, one component), EOI: the frame header carries the dimensions.
  jpg: Uint8Array.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
    0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00, 0xff,
    0xd9,
  ]),
  gif: new TextEncoder().encode('GIF89a\x01\x00\x01\x00\x00\x00\x00;'),
} as const;

/** A File with the given bytes, name and content type. */
export function logoFile(bytes: Uint8Array, name: string, type: string): File {
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
}
