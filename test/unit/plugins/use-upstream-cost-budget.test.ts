import { describe, expect, it } from 'vitest';
import { useUpstreamCostBudget } from '../../../src/plugins/use-upstream-cost-budget.ts';
import { yogaWith } from './plugin-harness.ts';

describe('useUpstreamCostBudget', () => {
  it('lets an operation within the budget run', async () => {
    const { body } = await yogaWith([useUpstreamCostBudget({ maxUpstreamRequests: 1 })]).post('{ hello }');
    expect(body).toEqual({ data: { hello: 'world' } });
  });

  it('refuses an operation over the budget with the estimate', async () => {
    // Two mutations are never merged: 2 requests.
    const server = yogaWith(
      [useUpstreamCostBudget({ maxUpstreamRequests: 1 })],
      'type Query { hello: String } type Mutation { a: Int b: Int }',
    );
    const { status, body } = await server.post('mutation { a b }');
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message:
          'The operation would cost 2 requests to the Spaces service; at most 1 are allowed per operation.',
        extensions: {
          code: 'OPERATION_TOO_EXPENSIVE',
          category: 'BAD_USER_INPUT',
          retryable: false,
          estimatedUpstreamRequests: 2,
          maxUpstreamRequests: 1,
        },
      },
    ]);
  });

  it('counts distinct representations, not listed ones, before refusing', async () => {
    const server = yogaWith(
      [useUpstreamCostBudget({ maxUpstreamRequests: 1, maxBatchSize: 2 })],
      'scalar _Any type Query { hello: String _entities(representations: [_Any!]!): [String]! }',
    );
    const query = 'query ($r: [_Any!]!) { _entities(representations: $r) }';
    const ref = (id: string) => ({ __typename: 'Space', id });
    // Three listed, two distinct: one batch of 2, within the budget.
    const within = await server.post(query, { r: [ref('1'), ref('2'), ref('1')] });
    expect(within.body.errors?.[0]?.extensions?.code).not.toBe('OPERATION_TOO_EXPENSIVE');
    const over = await server.post(query, { r: [ref('1'), ref('2'), ref('3')] });
    expect(over.body.errors?.[0]?.extensions).toMatchObject({
      code: 'OPERATION_TOO_EXPENSIVE',
      estimatedUpstreamRequests: 2,
    });
  });
});
