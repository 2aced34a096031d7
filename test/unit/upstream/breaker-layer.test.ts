import { describe, expect, it } from 'vitest';
import { breakerGateLayer, breakerLayer } from '../../../src/upstream/breaker-layer.ts';
import { createCircuitBreaker } from '../../../src/upstream/circuit-breaker.ts';
import type { Outcome } from '../../../src/upstream/outcome.ts';
import { call, RESULT, scriptedExchange } from './fakes.ts';

let clock = 0;
function breaker() {
  clock = 1_000_000;
  return createCircuitBreaker({
    name: 't',
    consecutiveFailures: 2,
    minimumRequests: 1000,
    openMs: 100,
    now: () => clock,
  });
}

describe('breakerLayer', () => {
  it('opens after transport failures (network, timeout); then fails fast without calling below', async () => {
    const b = breaker();
    const s = scriptedExchange({ kind: 'network', sent: true }, { kind: 'timeout' }, RESULT);
    const exchange = breakerLayer(b)(s.exchange);
    await exchange(call());
    await exchange(call());
    expect(b.state()).toBe('open');
    expect(await exchange(call())).toEqual({ kind: 'breaker-open', retryInMs: 100 });
    expect(s.calls).toHaveLength(2);
  });

  it.each<Outcome>([
    { kind: 'local', detail: 'invalid SPACE_GUID header value' },
    { kind: 'bad-response', status: 200, reason: 'too-large' },
    { kind: 'aborted', reason: new Error('x') },
    { kind: 'deadline' },
    { kind: 'http', status: 429 },
    { kind: 'unauthorized', status: 401 },
  ])('never counts %j as a failure', async (outcome) => {
    const b = breaker();
    const exchange = breakerLayer(b)(scriptedExchange(outcome).exchange);
    for (let i = 0; i < 10; i++) await exchange(call());
    expect(b.state()).toBe('closed');
  });

  it('a local error in half-open gives the probe slot back at once', async () => {
    const b = breaker();
    const failing = breakerLayer(b)(scriptedExchange({ kind: 'network', sent: false }).exchange);
    await failing(call());
    await failing(call());
    clock += 100;
    expect(b.state()).toBe('half-open');
    await breakerLayer(b)(scriptedExchange({ kind: 'local', detail: 'x' }).exchange)(call());
    expect(b.state()).toBe('half-open');
    await breakerLayer(b)(scriptedExchange(RESULT).exchange)(call());
    expect(b.state()).toBe('closed');
  });

  it('gives the permit back when the layer below throws', async () => {
    const b = breaker();
    const exchange = breakerLayer(b)(scriptedExchange(new Error('bug')).exchange);
    await expect(exchange(call())).rejects.toThrow('bug');
    expect(b.state()).toBe('closed');
  });
});

describe('breakerGateLayer', () => {
  it('fails fast while open, before anything below runs', async () => {
    const b = breaker();
    const p1 = b.tryAcquire();
    p1?.failure();
    b.tryAcquire()?.failure();
    const s = scriptedExchange(RESULT);
    const events: unknown[] = [];
    const outcome = await breakerGateLayer(b, { attempt: (e) => events.push(e) })(s.exchange)(call());
    expect(outcome).toEqual({ kind: 'breaker-open', retryInMs: 100 });
    expect(s.calls).toHaveLength(0);
    expect(events).toEqual([expect.objectContaining({ outcome: 'breaker_open', durationMs: 0 })]);
  });
});
