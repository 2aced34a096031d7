/**
 * Browsers: the cross-site requests a web page can send without a CORS preflight (form posts,
 * header-less multipart, text/plain) are refused before anything runs upstream; CORS answers only the
 * origins of `CORS_ORIGINS`; mutations never run over GET.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGraphQLResponse, type Stack, startStack } from '../helpers/stack.ts';

let stack: Stack;
let spaceId: string;

beforeAll(async () => {
  stack = await startStack({
    env: { CORS_ORIGINS: 'https://console.example.com,https://admin.example.com' },
  });
  const res = await stack.query<{ spaces: Array<{ id: string }> }>('{ spaces { id } }');
  spaceId = res.body.data!.spaces[0]!.id;
});

afterAll(async () => {
  await stack?.close();
});

const CSRF_MESSAGE =
  'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). ' +
  'Send the body as application/json, or add one of these headers: apollo-require-preflight, x-apollo-operation-name.';

function deleteMutation(): string {
  return `mutation { spaceDelete(id: "${spaceId}") }`;
}

describe('CSRF prevention (the attacks of issue #9)', () => {
  it('refuses curl -F operations=… -F map={} (multipart without a preflight header): 400 CSRF_ERROR, nothing upstream', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: deleteMutation() }));
    form.append('map', '{}');
    const res = await readGraphQLResponse(await fetch(stack.url, { method: 'POST', body: form }));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      {
        message: CSRF_MESSAGE,
        extensions: { code: 'CSRF_ERROR', category: 'BAD_USER_INPUT', retryable: false },
      },
    ]);
    expect(stack.sim.stats().graphqlRequests).toBe(before);
    expect(stack.sim.stats().mutations).toEqual([]);
  });

  it('refuses an application/x-www-form-urlencoded POST of the mutation', async () => {
    const before = stack.sim.stats().graphqlRequests;
    const res = await readGraphQLResponse(
      await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ query: deleteMutation() }).toString(),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CSRF_ERROR');
    expect(stack.sim.stats().graphqlRequests).toBe(before);
    expect(stack.sim.stats().mutations).toEqual([]);
  });

  it('refuses a text/plain POST carrying a JSON body', async () => {
    const res = await readGraphQLResponse(
      await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: JSON.stringify({ query: deleteMutation() }),
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('CSRF_ERROR');
    expect(stack.sim.stats().mutations).toEqual([]);
  });

  it('refuses a GET without a preflight header; the same GET with apollo-require-preflight runs', async () => {
    const url = `${stack.url}?query=${encodeURIComponent('{ spaces { id } }')}`;
    const refused = await readGraphQLResponse(await fetch(url));
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('CSRF_ERROR');
    const allowed = await readGraphQLResponse(
      await fetch(url, { headers: { 'apollo-require-preflight': 'true' } }),
    );
    expect(allowed.status).toBe(200);
    expect(allowed.body.errors).toBeUndefined();
  });

  it('lets application/json POSTs through without a header (a browser must preflight them)', async () => {
    const res = await stack.query('{ spaces { id } }');
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
  });

  it('never runs a mutation over GET, even with the preflight header', async () => {
    const url = `${stack.url}?query=${encodeURIComponent(deleteMutation())}`;
    const res = await readGraphQLResponse(
      await fetch(url, { headers: { 'apollo-require-preflight': 'true', accept: 'application/json' } }),
    );
    expect(res.status).toBe(405);
    expect(res.body.errors?.[0]?.message).toBe('Can only perform a mutation operation from a POST request.');
    expect(stack.sim.stats().mutations).toEqual([]);
  });
});

describe('CORS', () => {
  it('answers a listed origin with that origin and credentials', async () => {
    const res = await fetch(stack.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://console.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://console.example.com');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('gives an unlisted origin no CORS header at all (the browser blocks the read)', async () => {
    for (const method of ['OPTIONS', 'POST'] as const) {
      const res = await fetch(stack.url, {
        method,
        headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: JSON.stringify({ query: '{ __typename }' }) } : {}),
      });
      await res.arrayBuffer();
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('with CORS_ORIGINS unset, no origin gets CORS headers', async () => {
    const bare = await startStack();
    try {
      const res = await fetch(bare.url, {
        method: 'OPTIONS',
        headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST' },
      });
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await bare.close();
    }
  });
});
