import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.ts';
import { currentRequestScope } from '../../../src/observability/request-scope.ts';
import { useAccessLog } from '../../../src/plugins/use-access-log.ts';
import { useRequestScope } from '../../../src/plugins/use-request-scope.ts';
import { useResponseCodes } from '../../../src/plugins/use-response-codes.ts';
import { post, yogaWith } from './yoga-fixture.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { lines, logger };
}

describe('useRequestScope', () => {
  it('runs the request in its scope: resolvers see it, log lines carry requestId and the inbound trace id', async () => {
    const { lines, logger } = capture();
    let seen: string | undefined;
    const yoga = yogaWith([
      useRequestScope(),
      {
        onExecute() {
          seen = currentRequestScope()?.requestId;
          logger.info({}, 'inside');
        },
      },
    ]);
    const res = await post(yoga, '{ hello }', {
      'x-request-id': 'abc',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(res.headers.get('x-request-id')).toBe('abc');
    expect(seen).toBe('abc');
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'inside',
        requestId: 'abc',
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      }),
    ]);
    logger.info({}, 'outside');
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it('honours a custom header name', async () => {
    const yoga = yogaWith([useRequestScope({ header: 'x-correlation-id' })]);
    const res = await post(yoga, '{ hello }', { 'x-correlation-id': 'c-1' });
    expect(res.headers.get('x-correlation-id')).toBe('c-1');
  });
});

describe('useAccessLog', () => {
  it('writes one info line per GraphQL request and none for other paths', async () => {
    const { lines, logger } = capture();
    const yoga = yogaWith([useRequestScope(), useAccessLog({ logger })]);
    await post(yoga, 'query Hi { hello }', { 'x-request-id': 'r1' });
    await yoga.fetch('http://yoga/health');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        requestId: 'r1',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operationName: 'Hi',
        operationType: 'query',
        upstreamRequests: 0,
        errorCodes: [],
      }),
    ]);
  });

  it('samples successes by sampleRate and always logs failures', async () => {
    const { lines, logger } = capture();
    const draws = [0.3, 0.7];
    const yoga = yogaWith([
      useRequestScope(),
      useResponseCodes(),
      useAccessLog({ logger, sampleRate: 0.5, random: () => draws.shift() ?? 0.9 }),
    ]);
    await post(yoga, 'query Kept { hello }');
    await post(yoga, 'query Dropped { hello }');
    await post(yoga, 'query Failed { fail }');
    expect(lines.map((l) => [l.operationName, l.errorCodes])).toEqual([
      ['Kept', []],
      ['Failed', ['RATE_LIMITED']],
    ]);
  });
});
