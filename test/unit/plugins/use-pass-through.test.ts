import type { ExecutionRequest, ExecutionResult } from '@graphql-tools/utils';
import { type GraphQLSchema, print } from 'graphql';
import { createYoga, type Plugin } from 'graphql-yoga';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePassThrough } from '../../../src/plugins/use-pass-through.ts';
import { buildSpacesSchema } from '../../../src/subgraph/build-spaces-schema.ts';
import { loadUpstreamSchema } from '../../../src/subgraph/load-upstream-schema.ts';
import { type PassThroughRules, passThroughRules } from '../../../src/subgraph/pass-through-eligibility.ts';

const SNAPSHOT = new URL('../../../schema/boomi-spaces.graphql', import.meta.url).pathname;

let upstreamSchema: GraphQLSchema;
/** Documents the fake upstream received, printed. */
const sent: string[] = [];
const upstream = async (request: ExecutionRequest): Promise<ExecutionResult> => {
  sent.push(print(request.document));
  const key = /(\w+): spaces|(spaces)/.exec(print(request.document));
  return { data: { [key?.[1] ?? key?.[2] ?? 'spaces']: [{ id: '1', name: 'A' }] } };
};

beforeAll(async () => {
  upstreamSchema = await loadUpstreamSchema({ source: 'snapshot', path: SNAPSHOT });
});

/** A Yoga over the published schema with the fast path, and a count of the eligibility checks' field look-ups. */
function yogaWith(enabled: boolean) {
  const schema = buildSpacesSchema({ upstreamSchema, executor: upstream });
  const rules = passThroughRules(schema, upstreamSchema);
  const counted = { lookups: 0 };
  const fields = rules.fields;
  const countingRules: PassThroughRules = {
    ...rules,
    fields: {
      has: (coordinate: string) => {
        counted.lookups++;
        return fields.has(coordinate);
      },
    } as ReadonlySet<string>,
  };
  const yoga = createYoga({
    schema,
    logging: false,
    plugins: [
      usePassThrough({ executor: upstream, upstreamSchema, rules: countingRules, enabled }) as Plugin,
    ],
  });
  const query = async (text: string) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: text }),
    });
    return response.text();
  };
  return { query, counted };
}

describe('usePassThrough', () => {
  it('decides once per document: a repeated text costs no eligibility walk', async () => {
    const { query, counted } = yogaWith(true);
    const text = '{ mine: spaces { id name } }';
    expect(await query(text)).toBe('{"data":{"mine":[{"id":"1","name":"A"}]}}');
    const afterFirst = counted.lookups;
    expect(afterFirst).toBeGreaterThan(0);
    await query(text);
    await query(text);
    expect(counted.lookups).toBe(afterFirst);
  });

  it('sends the client document (root alias kept) when on, the delegated one when off', async () => {
    sent.length = 0;
    const text = '{ mine: spaces { id name } }';
    const on = yogaWith(true);
    const off = yogaWith(false);
    const [a, b] = [await on.query(text), await off.query(text)];
    expect(a).toBe(b);
    expect(sent[0]).toContain('mine: spaces');
    expect(sent[1]).not.toContain('mine:');
    expect(off.counted.lookups).toBe(0);
  });
});
