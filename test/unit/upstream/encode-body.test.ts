import { describe, expect, it } from 'vitest';
import { encodeBody } from '../../../src/upstream/encode-body.ts';
import { request } from './fakes.ts';

describe('encodeBody', () => {
  it('encodes a request without files as JSON', () => {
    const encoded = encodeBody({
      ...request('query Q($a: Int) { spaces { id } }'),
      variables: { a: 1 },
      operationName: 'Q',
    });
    expect(encoded.kind).toBe('json');
    expect(JSON.parse(String(encoded.body))).toEqual({
      query: 'query Q($a: Int) {\n  spaces {\n    id\n  }\n}',
      variables: { a: 1 },
      operationName: 'Q',
    });
  });

  it('encodes files as a GraphQL multipart request (operations, map, one part per file)', async () => {
    const logo = new File([new Uint8Array([1, 2, 3])], 'logo.png', { type: 'image/png' });
    const encoded = encodeBody({
      ...request('mutation { spaces { id } }'),
      variables: { input: { logo, list: [logo] } },
    });
    expect(encoded.kind).toBe('multipart');
    if (encoded.kind !== 'multipart') return;
    const form = encoded.body;
    expect(JSON.parse(String(form.get('operations')))).toMatchObject({
      variables: { input: { logo: null, list: [null] } },
    });
    expect(JSON.parse(String(form.get('map')))).toEqual({
      '0': ['variables.input.logo'],
      '1': ['variables.input.list.0'],
    });
    const part = form.get('0') as unknown as File;
    expect(part.name).toBe('logo.png');
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });
});
