import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { csrfMessage, useCsrfPrevention } from '../../../src/plugins/use-csrf-prevention.ts';

function yogaWith(requestHeaders?: string[]) {
  return createYoga({
    schema: createSchema({
      typeDefs: 'type Query { ok: Boolean }',
      resolvers: { Query: { ok: () => true } },
    }),
    logging: false,
    plugins: [useCsrfPrevention(requestHeaders ? { requestHeaders } : {})],
  });
}

const form = () => {
  const body = new FormData();
  body.append('operations', JSON.stringify({ query: '{ ok }' }));
  body.append('map', '{}');
  return body;
};

describe('useCsrfPrevention', () => {
  it('refuses form, multipart, text/plain and GET without a header: 400 CSRF_ERROR', async () => {
    const yoga = yogaWith();
    const requests: RequestInit[] = [
      { method: 'POST', body: form() },
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'query={ok}',
      },
      { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{"query":"{ ok }"}' },
      { method: 'GET' },
    ];
    for (const init of requests) {
      const url = init.method === 'GET' ? 'http://x/graphql?query={ok}' : 'http://x/graphql';
      const response = await yoga.fetch(url, init);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: csrfMessage(['apollo-require-preflight', 'x-apollo-operation-name']),
            extensions: { code: 'CSRF_ERROR', category: 'BAD_USER_INPUT', retryable: false },
          },
        ],
      });
    }
  });

  it('lets the same requests through with either default header, and JSON POSTs without one', async () => {
    const yoga = yogaWith();
    for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
      const response = await yoga.fetch('http://x/graphql', {
        method: 'POST',
        headers: { [header]: '1' },
        body: form(),
      });
      expect(await response.json()).toEqual({ data: { ok: true } });
    }
    const json = await yoga.fetch('http://x/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ ok }"}',
    });
    expect(await json.json()).toEqual({ data: { ok: true } });
  });

  it('accepts only the configured headers, and names them in the message', async () => {
    const yoga = yogaWith(['x-gateway-csrf']);
    const refused = await yoga.fetch('http://x/graphql?query={ok}', {
      headers: { 'apollo-require-preflight': '1' },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { errors: Array<{ message: string }> }).errors[0]?.message).toBe(
      csrfMessage(['x-gateway-csrf']),
    );
    const ok = await yoga.fetch('http://x/graphql?query={ok}', { headers: { 'x-gateway-csrf': '1' } });
    expect(ok.status).toBe(200);
  });
});
