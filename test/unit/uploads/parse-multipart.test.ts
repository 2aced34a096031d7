import { describe, expect, it } from 'vitest';
import { parseMultipartStrictly } from '../../../src/uploads/parse-multipart.ts';

const request = (form: FormData) => new Request('http://localhost/graphql', { method: 'POST', body: form });
const operations = JSON.stringify({
  query: 'mutation ($f: Upload) { x(f: $f) }',
  variables: { f: null, list: [null] },
});

describe('parseMultipartStrictly', () => {
  it('puts each mapped file at its null placeholders', async () => {
    const form = new FormData();
    form.append('operations', operations);
    form.append('map', JSON.stringify({ a: ['variables.f', 'variables.list.0'] }));
    form.append('a', new File(['x'], 'a.png', { type: 'image/png' }));
    const params = await parseMultipartStrictly(request(form));
    const variables = params.variables as { f: File; list: File[] };
    expect(variables.f.name).toBe('a.png');
    expect(variables.list[0]).toBe(variables.f);
  });

  it.each([
    [
      { map: '{"a":["variables.f"]}' },
      'The multipart "map" names the file part "a", which the request does not contain.',
    ],
    [{ map: '{"a":["variables.f"]}', a: 'text' }, 'The multipart part "a" is not a file.'],
    [
      { map: '{"a":["variables.__proto__.x"]}', a: 'file' },
      'The multipart "map" entry "a" has a path that is not a "variables.…" path.',
    ],
    [{ map: '{"a":[]}', a: 'file' }, 'The multipart "map" entry "a" must list 1 to 10 variable paths.'],
    [
      { map: '{"a":["variables.nope"]}', a: 'file' },
      'The multipart "map" path "variables.nope" does not point at a null placeholder in "operations".',
    ],
    [{ map: '[]' }, 'The multipart "map" part must be a JSON object of file part names to variable paths.'],
    [
      { operations: '[]' },
      'The multipart "operations" part must be a JSON object (batching is not supported).',
    ],
    [{ operations: null }, 'The multipart request has no "operations" part.'],
  ])('refuses %j', async (parts, message) => {
    const form = new FormData();
    const ops = 'operations' in parts ? parts.operations : operations;
    if (ops !== null && ops !== undefined) form.append('operations', ops);
    if ('map' in parts && parts.map) form.append('map', parts.map);
    if ('a' in parts) form.append('a', parts.a === 'file' ? new File(['x'], 'a.png') : (parts.a as string));
    await expect(parseMultipartStrictly(request(form))).rejects.toMatchObject({
      message,
      extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
    });
  });
});
