import fc from 'fast-check';
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

  it('sends variables without files as their JSON, and maps every file at its path (generated trees)', () => {
    const FILE = Symbol('file');
    const tree = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 0 }),
        fc.constant(FILE),
        tie('array'),
        tie('object'),
      ),
      array: fc.array(tie('node'), { maxLength: 4 }),
      object: fc.dictionary(fc.string({ maxLength: 3 }), tie('node'), { maxKeys: 4 }),
    })).node;
    const logo = new File([new Uint8Array([1])], 'logo.png', { type: 'image/png' });
    // The variables with each marker a file, what `operations` must hold, and the paths in walk order.
    const expand = (value: unknown, path: string, paths: string[]): [unknown, unknown] => {
      if (value === FILE) {
        paths.push(path);
        return [logo, null];
      }
      if (Array.isArray(value)) {
        const pairs = value.map((item, i) => expand(item, `${path}.${i}`, paths));
        return [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1])];
      }
      if (value !== null && typeof value === 'object') {
        const withFiles: Record<string, unknown> = {};
        const sent: Record<string, unknown> = {};
        for (const key of Object.keys(value)) {
          [withFiles[key], sent[key]] = expand(
            (value as Record<string, unknown>)[key],
            `${path}.${key}`,
            paths,
          );
        }
        return [withFiles, sent];
      }
      return [value, value];
    };
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 3 }), tree, { maxKeys: 4 }), (generated) => {
        const paths: string[] = [];
        const [variables, sent] = expand(generated, 'variables', paths);
        const encoded = encodeBody({
          ...request('query { spaces { id } }'),
          variables: variables as Record<string, unknown>,
        });
        if (paths.length === 0) {
          expect(encoded.kind).toBe('json');
          expect(JSON.parse(String(encoded.body)).variables).toEqual(JSON.parse(JSON.stringify(sent)));
          return;
        }
        expect(encoded.kind).toBe('multipart');
        if (encoded.kind !== 'multipart') return;
        expect(JSON.parse(String(encoded.body.get('operations'))).variables).toEqual(
          JSON.parse(JSON.stringify(sent)),
        );
        expect(JSON.parse(String(encoded.body.get('map')))).toEqual(
          Object.fromEntries(paths.map((path, index) => [String(index), [path]])),
        );
      }),
      { numRuns: 300, seed: 20261203 },
    );
  });
});
