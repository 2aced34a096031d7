/**
 * Request-scoped logs (#10 item 2): the request id is accepted or generated, echoed, written on every line
 * logged while serving the request (with the trace id) and sent upstream; one access-log line per request;
 * failures log their underlying cause.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Stack, type StackOptions, startStack } from '../helpers/stack.ts';
import { freePort } from '../resilience/helpers.ts';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const stacks: Stack[] = [];

async function stackWith(options: StackOptions = {}): Promise<Stack> {
  const stack = await startStack(options);
  stacks.push(stack);
  return stack;
}

const parsed = (stack: Stack) => stack.logs.map((line) => JSON.parse(line) as Record<string, unknown>);

afterAll(async () => {
  await Promise.all(stacks.map((s) => s.close()));
});

describe('request-scoped logs', () => {
  it('logs a client that disconnected mid-request as such, with the codes it would have seen, never `__none`', async () => {
    const stack = await stackWith({ sim: { faults: { latencyMs: 2000 } } });
    const before = stack.logs.length;
    const controller = new AbortController();
    const pending = stack
      .query(
        'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Space { id name } } }',
        { r: [{ __typename: 'Space', id: 'any-id' }] },
        { headers: { 'x-request-id': 'gone-1' }, signal: controller.signal },
      )
      .catch(() => undefined);
    // Abort once the upstream call is on its way (the simulator holds it for 2 s).
    for (let i = 0; i < 200 && stack.sim.stats().graphqlRequests === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    controller.abort();
    await pending;
    const accessLine = () =>
      parsed(stack)
        .slice(before)
        .find((line) => line.msg === 'request completed' && line.requestId === 'gone-1');
    for (let i = 0; i < 300 && !accessLine(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const line = accessLine();
    expect(line).toMatchObject({ clientDisconnected: true });
    expect(line!.errorCodes).not.toContain('__none');
    const metrics = await (await fetch(`${stack.base}/metrics`)).text();
    expect(metrics).not.toContain('code="__none"');
  });

  it('echoes x-request-id, puts it and the trace id on every line of the request, and sends both upstream', async () => {
    const stack = await stackWith();
    const before = stack.logs.length;
    const res = await stack.query('query Mine { spaces { id } }', undefined, {
      headers: { 'x-request-id': 'req-abc-123', traceparent: TRACEPARENT },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.headers.get('x-request-id')).toBe('req-abc-123');
    const lines = parsed(stack).slice(before);
    // At least the mint and the access line; every one of them carries the request's fields.
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(line).toMatchObject({ requestId: 'req-abc-123', traceId: TRACE_ID });
    const tracing = stack.sim.stats().tracing;
    expect(tracing.requestIds).toEqual(['req-abc-123']);
    // Tracing is off: the gateway's trace context is passed through unchanged.
    expect(tracing.traceparents).toEqual([TRACEPARENT]);
  });

  it('writes one access-log line per request with operation, status, duration, upstream calls and codes', async () => {
    const stack = await stackWith();
    const before = stack.logs.length;
    await stack.query('query Mine { spaces { id } }', undefined, { headers: { 'x-request-id': 'r-1' } });
    await stack.query('query Broken { spaces { nope } }', undefined, { headers: { 'x-request-id': 'r-2' } });
    const access = parsed(stack)
      .slice(before)
      .filter((line) => line.msg === 'request completed');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      level: 30,
      requestId: 'r-1',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operationName: 'Mine',
      operationType: 'query',
      upstreamRequests: 1,
      errorCodes: [],
    });
    expect(typeof access[0]?.durationMs).toBe('number');
    expect(access[1]).toMatchObject({
      requestId: 'r-2',
      operationName: 'Broken',
      upstreamRequests: 0,
      errorCodes: ['GRAPHQL_VALIDATION_FAILED'],
    });
  });

  it('generates a request id when the header is absent or unacceptable', async () => {
    const stack = await stackWith();
    const none = await stack.query('{ spaces { id } }');
    expect(none.headers.get('x-request-id')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    const hostile = await stack.query('{ spaces { id } }', undefined, {
      headers: { 'x-request-id': `a b "c" ${'x'.repeat(200)}` },
    });
    const id = hostile.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    expect(stack.logs.join('\n')).not.toContain('x'.repeat(200));
  });

  it('samples successful requests (ACCESS_LOG_SAMPLE_RATE=0) but always logs failures', async () => {
    const stack = await stackWith({ env: { ACCESS_LOG_SAMPLE_RATE: '0' } });
    await stack.query('{ spaces { id } }');
    await stack.query('{ spaces { nope } }');
    const access = parsed(stack).filter((line) => line.msg === 'request completed');
    expect(access.map((line) => line.errorCodes)).toEqual([['GRAPHQL_VALIDATION_FAILED']]);
  });
});

describe('failures log their underlying cause', () => {
  it('an unreachable GraphQL endpoint: each failed attempt logs ECONNREFUSED with the request id', async () => {
    const port = await freePort();
    const stack = await stackWith({
      env: {
        BOOMI_GRAPHQL_URL: `http://127.0.0.1:${port}/graphql`,
        RETRY_MAX_ATTEMPTS: '2',
        RETRY_BASE_DELAY_MS: '1',
        RETRY_MAX_DELAY_MS: '5',
      },
    });
    const res = await stack.query('{ spaces { id } }', undefined, { headers: { 'x-request-id': 'down-1' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    const failures = parsed(stack).filter((line) => line.msg === 'upstream attempt failed');
    expect(failures).toHaveLength(2);
    for (const line of failures) {
      expect(line).toMatchObject({
        level: 40,
        requestId: 'down-1',
        operation: 'spaces',
        outcome: 'network_error',
        cause: 'ECONNREFUSED',
      });
    }
  });

  it('an unreachable auth endpoint: the mint failure names ECONNREFUSED', async () => {
    const port = await freePort();
    const stack = await stackWith({
      env: { BOOMI_AUTH_URL: `http://127.0.0.1:${port}/auth/jwt/generate`, JWT_MINT_ATTEMPTS: '1' },
    });
    const res = await stack.query('{ spaces { id } }', undefined, { headers: { 'x-request-id': 'auth-1' } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_AUTH_FAILED');
    const mint = parsed(stack).find((line) => line.msg === 'JWT mint failed');
    expect(mint).toMatchObject({
      level: 40,
      requestId: 'auth-1',
      reason: 'auth endpoint unreachable (ECONNREFUSED)',
    });
  });
});
