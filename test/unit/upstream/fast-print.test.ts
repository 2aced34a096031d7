import fc from 'fast-check';
import { type DefinitionNode, Kind, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { fastPrint } from '../../../src/upstream/fast-print.ts';

const name = fc.constantFrom(
  'a',
  'id',
  'space',
  'Space',
  'e0',
  '_v0_e12',
  'aLongFieldNameThatPushesTheArgumentLine',
);
const literal = fc.string({
  unit: fc.constantFrom('a', ' ', '"', '\\', '\n', '\t', '\r', 'é', '\u0001', '\u007f', '\u0085', '😀', '/'),
  maxLength: 12,
});

const { value } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('0', '-12', '1234567890123', '1.5', '-0.25e10', 'true', 'false', 'null', 'ACTIVE', '$v'),
    literal.map((text) => JSON.stringify(text)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(' ')}]`),
    fc
      .array(fc.tuple(name, tie('value')), { maxLength: 3 })
      .map((fields) => `{${fields.map(([n, v], i) => `${n}${i}: ${v}`).join(', ')}}`),
  ),
}));

const args = fc
  .array(fc.tuple(name, value), { maxLength: 4 })
  .map((list) => (list.length === 0 ? '' : `(${list.map(([n, v], i) => `${n}${i}: ${v}`).join(' ')})`));
const directives = fc
  .array(fc.tuple(fc.constantFrom('include', 'skip', 'custom', 'x'), args), { maxLength: 2 })
  .map((list) => list.map(([n, a]) => ` @${n}${a}`).join(''));

const { selections } = fc.letrec<{ selections: string; selection: string }>((tie) => ({
  selections: fc
    .array(tie('selection'), { minLength: 1, maxLength: 3 })
    .map((list) => `{ ${list.join(' ')} }`),
  selection: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc
      .tuple(fc.option(name), name, args, directives, fc.option(tie('selections')))
      .map(([alias, n, a, d, sub]) => `${alias ? `${alias}x: ` : ''}${n}${a}${d}${sub ? ` ${sub}` : ''}`),
    fc
      .tuple(fc.option(fc.constantFrom('Space', 'Query')), directives, tie('selections'))
      .map(([on, d, sub]) => `...${on ? ` on ${on}` : ''}${d} ${sub}`),
    fc.tuple(fc.constantFrom('F', 'G'), directives).map(([n, d]) => `...${n}${d}`),
  ),
}));

const type = fc
  .tuple(fc.constantFrom('Int', 'ID', 'String', 'In'), fc.constantFrom('%', '%!', '[%]', '[%!]!', '[[%]!]'))
  .map(([n, shape]) => shape.replace('%', n));
const variables = fc
  .array(fc.tuple(type, fc.option(value), directives), { maxLength: 3 })
  .map((list) =>
    list.length === 0
      ? ''
      : `(${list.map(([t, v, d], i) => `$v${i}: ${t}${v !== null ? ` = ${v}` : ''}${d}`.replaceAll('$v', '1').replace(/^1/, '$v')).join(', ')})`,
  );
const operation = fc.oneof(
  selections,
  fc
    .tuple(
      fc.constantFrom('query', 'mutation', 'subscription'),
      fc.option(fc.constantFrom('Op', 'batch')),
      variables,
      directives,
      selections,
    )
    .map(([kind, n, v, d, s]) => `${kind}${n ? ` ${n}` : ''}${v}${d} ${s}`),
);
const fragment = fc
  .tuple(fc.constantFrom('F', 'G'), fc.constantFrom('Space', 'Query'), directives, selections)
  .map(([n, on, d, s]) => `fragment ${n} on ${on}${d} ${s}`);
const documentText = fc
  .tuple(operation, fc.array(fragment, { maxLength: 2 }))
  .map(([op, fragments]) => [op, ...fragments].join('\n'));

describe('fastPrint', () => {
  it('prints exactly what graphql-js print prints, for generated executable documents', () => {
    let wrapped = 0;
    fc.assert(
      fc.property(documentText, (text) => {
        const document = parse(text, { noLocation: true });
        const printed = print(document);
        expect(fastPrint(document)).toBe(printed);
        if (printed.includes('(\n')) wrapped++;
      }),
      { seed: 20261202, numRuns: 3000 },
    );
    // The generator reaches graphql-js's wrapping of long argument lists.
    expect(wrapped).toBeGreaterThan(30);
  });

  it('prints the documents the subgraph sends upstream as print does', () => {
    const texts = [
      '{ spaces { id u1: name } }',
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name } } }',
      'query ($_v0_id0: ID!, $_v1_id0: ID!) { _v0_e0: space(id: $_v0_id0) { id name accountGroup { name } } _v1_e0: space(id: $_v1_id0) { id } }',
      'mutation ($id: ID!, $name: String!) { spaceUpdate(input: { id: $id, name: $name, description: "a \\"b\\" \\u00e9" }) { id name } }',
    ];
    for (const text of texts) {
      const document = parse(text);
      expect(fastPrint(document)).toBe(print(document));
    }
  });

  it('leaves to print what it does not lay out: block strings, descriptions, type definitions', () => {
    expect(fastPrint(parse('{ a(s: """block\n  string""") }'))).toBeUndefined();
    expect(fastPrint(parse('type Query { a: Int }'))).toBeUndefined();
    const operation = parse('query { a }').definitions[0]!;
    const described = { ...operation, description: { kind: Kind.STRING, value: 'd' } } as DefinitionNode;
    expect(fastPrint({ kind: Kind.DOCUMENT, definitions: [described] })).toBeUndefined();
  });
});
