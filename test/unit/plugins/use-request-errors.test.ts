import { describe, expect, it } from 'vitest';
import { useRequestErrors } from '../../../src/plugins/use-request-errors.ts';
import { useStackOverflowGuard } from '../../../src/plugins/use-stack-overflow-guard.ts';
import { yogaWith } from './plugin-harness.ts';

const BAD_REQUEST = { code: 'BAD_REQUEST', category: 'BAD_USER_INPUT', retryable: false };

describe('useRequestErrors', () => {
  const server = yogaWith([useRequestErrors()]);

  it('answers non-JSON GET variables with 400 BAD_REQUEST', async () => {
    const res = await server.fetch('/graphql?query={hello}&variables={');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        { message: 'The "variables" or "extensions" parameter is not valid JSON.', extensions: BAD_REQUEST },
      ],
    });
  });

  it('answers an unknown content type with 415 and a GraphQL error', async () => {
    const res = await server.fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a,b',
    });
    expect(res.status).toBe(415);
    expect((await res.json()).errors[0].extensions).toEqual(BAD_REQUEST);
  });

  it('gives an empty 4xx a GraphQL error body', async () => {
    const res = await server.fetch('/elsewhere');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      errors: [{ message: 'Not found: the GraphQL endpoint is /graphql.', extensions: BAD_REQUEST }],
    });
  });
});

describe('useStackOverflowGuard', () => {
  it('turns a parser stack overflow into GRAPHQL_PARSE_FAILED (400)', async () => {
    let inner = 'hello';
    for (let i = 0; i < 20_000; i++) inner = `... on Query { ${inner} }`;
    const { status, body } = await yogaWith([useStackOverflowGuard()]).post(`{ ${inner} }`);
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        message: 'The document is nested too deeply to be processed.',
        extensions: { code: 'GRAPHQL_PARSE_FAILED', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
  });
});
