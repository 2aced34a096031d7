import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createReadinessMonitor,
  type ReadinessMonitorOptions,
} from '../../../src/observability/readiness-monitor.ts';

/** A fake world: token cache, mint outcome and GraphQL probe outcome, switchable by the test. */
function world() {
  const state = {
    token: false,
    mintStatus: 200 as number | undefined,
    mintReason: undefined as string | undefined,
    graphqlUp: true,
    mints: 0,
    probes: 0,
  };
  let monitor: ReturnType<typeof createReadinessMonitor>;
  const options = (extra: Partial<ReadinessMonitorOptions> = {}): ReadinessMonitorOptions => ({
    mode: 'production',
    hasValidToken: () => state.token,
    async ensureToken() {
      state.mints++;
      if (state.mintStatus === 200) {
        state.token = true;
        monitor.noteMint({ outcome: 'success', status: 200 });
        return;
      }
      monitor.noteMint({
        outcome: 'failure',
        ...(state.mintStatus === undefined ? {} : { status: state.mintStatus }),
        ...(state.mintReason === undefined ? {} : { reason: state.mintReason }),
      });
      throw new Error('mint failed');
    },
    async probeGraphQL() {
      state.probes++;
      if (!state.graphqlUp)
        throw Object.assign(new Error('The Boomi API could not be reached.'), {
          extensions: { code: 'UPSTREAM_UNAVAILABLE' },
        });
    },
    intervalMs: 1000,
    maxBackoffMs: 8000,
    ...extra,
  });
  return {
    state,
    create(extra: Partial<ReadinessMonitorOptions> = {}) {
      monitor = createReadinessMonitor(options(extra));
      return monitor;
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createReadinessMonitor', () => {
  it('starts in `starting`, and the first check decides at once', async () => {
    const w = world();
    const monitor = w.create();
    expect(monitor.snapshot()).toMatchObject({ ready: false, state: 'starting', checkedAt: null });
    const first = await monitor.start();
    expect(first).toMatchObject({
      ready: true,
      state: 'ready',
      checks: { auth: { ok: true, detail: 'a JWT was minted' }, graphql: { ok: true } },
    });
    monitor.dispose();
  });

  it('the snapshot never does I/O: 100 reads, no mint, no probe', async () => {
    const w = world();
    const monitor = w.create();
    await monitor.start();
    const { mints, probes } = w.state;
    for (let i = 0; i < 100; i++) monitor.snapshot();
    expect(w.state).toMatchObject({ mints, probes });
    monitor.dispose();
  });

  it('distinguishes refused credentials, an unreachable auth endpoint and an unreachable GraphQL endpoint', async () => {
    const refused = world();
    refused.state.mintStatus = 403;
    expect((await refused.create().check()).state).toBe('credentials_refused');
    const down = world();
    down.state.mintStatus = undefined;
    down.state.mintReason = 'auth endpoint unreachable (ECONNREFUSED)';
    const snapshot = await down.create().check();
    expect(snapshot.state).toBe('auth_unreachable');
    expect(snapshot.checks.auth.detail).toBe('auth endpoint unreachable (ECONNREFUSED)');
    const graphql = world();
    graphql.state.graphqlUp = false;
    const g = await graphql.create().check();
    expect(g.state).toBe('graphql_unreachable');
    expect(g.checks.graphql.detail).toBe('UPSTREAM_UNAVAILABLE: The Boomi API could not be reached.');
  });

  it('hysteresis: one failed check does not leave ready, two do; one good check does not return, two do', async () => {
    const w = world();
    const changes: string[] = [];
    const monitor = w.create({ onChange: (s) => changes.push(s.state) });
    await monitor.start();
    w.state.graphqlUp = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.snapshot().state).toBe('ready');
    await vi.advanceTimersByTimeAsync(1000);
    expect(monitor.snapshot().state).toBe('graphql_unreachable');
    w.state.graphqlUp = true;
    await vi.advanceTimersByTimeAsync(2000); // backoff: the next check comes 2 s later
    expect(monitor.snapshot().state).toBe('graphql_unreachable');
    await vi.advanceTimersByTimeAsync(4000);
    expect(monitor.snapshot().state).toBe('ready');
    expect(changes).toEqual(['ready', 'graphql_unreachable', 'ready']);
    monitor.dispose();
  });

  it('alternating evidence (a half-open breaker letting one probe through) never flips the verdict', async () => {
    const w = world();
    const monitor = w.create({ maxBackoffMs: 1000 });
    await monitor.start();
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      w.state.graphqlUp = i % 2 === 1;
      await vi.advanceTimersByTimeAsync(1000);
      seen.add(monitor.snapshot().state);
    }
    expect([...seen]).toEqual(['ready']);
    monitor.dispose();
  });

  it('backs off while failing: with refused credentials, 60 s cost 10 mints, not 60', async () => {
    const w = world();
    w.state.mintStatus = 401;
    const monitor = w.create();
    await monitor.start();
    await vi.advanceTimersByTimeAsync(60_000);
    // Checks at 0, 1, 3, 7, 15, 23, 31, 39, 47, 55 s (1, 2, 4, then 8 s apart).
    expect(w.state.mints).toBe(10);
    monitor.dispose();
  });

  it('uses upstream traffic as evidence: no probe while attempts told us something within the interval', async () => {
    const w = world();
    const monitor = w.create();
    await monitor.start();
    const probes = w.state.probes;
    for (let i = 0; i < 10; i++) {
      monitor.noteGraphQL(true, 'last upstream attempt: ok HTTP 200');
      await vi.advanceTimersByTimeAsync(999);
    }
    expect(w.state.probes).toBe(probes);
    monitor.dispose();
  });

  it('reports sandbox mode', async () => {
    const w = world();
    const monitor = w.create({ mode: 'sandbox' });
    expect((await monitor.check()).mode).toBe('sandbox');
  });

  it('dispose stops the background checks', async () => {
    const w = world();
    const monitor = w.create();
    await monitor.start();
    monitor.dispose();
    const mints = w.state.probes;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(w.state.probes).toBe(mints);
  });
});
