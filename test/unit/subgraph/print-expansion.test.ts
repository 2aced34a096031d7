import type { ExecutionRequest, ExecutionResult, Executor } from '@graphql-tools/utils';
import fc from 'fast-check';
import { parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { spacesByIdsExecutor } from '../../../src/subgraph/spaces-by-ids.ts';
import { printDocument } from '../../../src/upstream/print-document.ts';

/** The upstream request the executor sends for a `_spacesByIds` document. */
async function upstreamRequestFor(source: string, variables: Record<string, unknown>) {
  let sent: ExecutionRequest | undefined;
  const executor = spacesByIdsExecutor((async (request: ExecutionRequest): Promise<ExecutionResult> => {
    sent = request;
    return { data: {} };
  }) as Executor);
  await executor({ document: parse(source), variables });
  return sent!;
}

const SELECTIONS = [
  'id',
  'name',
  'u1: name',
  '__typename',
  'accountGroup { id name }',
  '... on Space { url }',
  '...F',
];

describe('printExpansion (the text of an aliased _spacesByIds document)', () => {
  it('is the document graphql-js prints, laid out differently, for any shape and number of ids', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...SELECTIONS), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 120 }),
        fc.constantFrom('', 'Q'),
        fc.boolean(),
        fc.boolean(),
        async (selections, ids, name, directive, inlineIds) => {
          const fragment = selections.includes('...F') ? ' fragment F on Space { name }' : '';
          const vars = inlineIds ? '($b: Boolean!, $id0: ID)' : '($ids: [ID!]!, $b: Boolean!)';
          const idsValue = inlineIds
            ? `[${Array.from({ length: ids }, (_, i) => `"s${i}"`).join(', ')}]`
            : '$ids';
          const source = `query ${name}${vars} @cached { _spacesByIds(ids: ${idsValue})${directive ? ' @include(if: $b)' : ''} { ${selections.join(' ')} } }${fragment}`;
          const request = await upstreamRequestFor(source, {
            b: true,
            ...(inlineIds ? {} : { ids: Array.from({ length: ids }, (_, i) => `s${i}`) }),
          });
          expect(print(parse(printDocument(request.document)))).toBe(print(request.document));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('prints the shared selection once, not once per id', async () => {
    const request = await upstreamRequestFor('query ($ids: [ID!]!) { _spacesByIds(ids: $ids) { id name } }', {
      ids: ['a', 'b', 'c'],
    });
    expect(printDocument(request.document)).toBe(
      [
        'query ($id0: ID!, $id1: ID!, $id2: ID!) {',
        'e0: space(id: $id0) {\n  id\n  name\n}',
        'e1: space(id: $id1) {\n  id\n  name\n}',
        'e2: space(id: $id2) {\n  id\n  name\n}',
        '}',
      ].join('\n'),
    );
  });
});
