import { describe, expect, it } from 'vitest';
import { createFaultEngine } from '../../src/simulator/fault-engine.ts';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { basicToken, DEMO, gql, mint, OTHER_USER, start, useSimulator } from './sim-client.ts';

const QUERY = '{ spaces { id } }';

/** Polls a condition (bounded: at most 1000 polls of 10 ms) rather than timing anything. */
async function waitUntil(condition: () => boolean): Promise<void> {
  for (let polls = 0; polls < 1000; polls++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('condition not met after 1000 polls');
}

async function post(sim: RunningSimulator, token: string, query = QUERY, signal?: AbortSignal) {
  return fetch(sim.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
    ...(signal ? { signal } : {}),
  });
}

describe('rate limiting', () => {
  it('with cap N and latency, N+1 concurrent requests give exactly one 429 with Retry-After; other accounts are unaffected', async () => {
    // The latency keeps the admitted requests running while the others arrive (generous for loaded machines).
    const sim = await start({ rateLimit: { maxConcurrentPerAccount: 3 }, faults: { latencyMs: 700 } });
    try {
      const token = await mint(sim);
      const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
      const responses = await Promise.all([
        ...Array.from({ length: 4 }, () => post(sim, token)),
        post(sim, other),
      ]);
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect(statuses.filter((s) => s === 200)).toHaveLength(4);
      const limited = responses.find((r) => r.status === 429) as Response;
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(await limited.json()).toEqual({
        data: null,
        errors: [{ message: 'Too Many Requests', path: ['spaces'], extensions: {} }],
      });
      const stats = sim.stats();
      expect(stats.rateLimited).toBe(1);
      // 3 admitted + the other account's request were running together; the refused one may or may not overlap.
      expect(stats.maxInFlight).toBeGreaterThanOrEqual(4);
      // Slots are released: a new request passes.
      expect((await post(sim, token)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });

  it('retryAfter: false sends no Retry-After', async () => {
    const sim = await start({
      rateLimit: { maxConcurrentPerAccount: 1, retryAfter: false },
      faults: { latencyMs: 200 },
    });
    try {
      const token = await mint(sim);
      const responses = await Promise.all([post(sim, token), post(sim, token)]);
      const limited = responses.find((r) => r.status === 429);
      expect(limited).toBeDefined();
      expect(limited?.headers.get('retry-after')).toBeNull();
    } finally {
      await sim.close();
    }
  });

  it('requestsPerSecond limits per account in a sliding 1 s window', async () => {
    const sim = await start({ rateLimit: { requestsPerSecond: 2 } });
    try {
      const token = await mint(sim);
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await post(sim, token)).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await post(sim, token);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const other = await mint(sim, OTHER_USER, SEED.otherAccountId);
      expect((await post(sim, other)).status).toBe(200);
    } finally {
      await sim.close();
    }
  });
});

describe('fault injection', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({ resetEach: true }, (started) => {
    ({ sim, token } = started);
  });

  it('adds latency: the answer is held until it elapses (counted, not timed; figures in bench/timing.ts)', async () => {
    // A latency far beyond the test: the request must be received and held, then dropped by our abort.
    sim.setFaults({ latencyMs: 600_000 });
    const abort = new AbortController();
    const answer = post(sim, token, QUERY, abort.signal).then(
      () => 'answered',
      () => 'aborted',
    );
    await waitUntil(() => sim.stats().faultsInjected.latency === 1);
    abort.abort();
    expect(await answer).toBe('aborted');
    await waitUntil(() => sim.stats().clientAborts === 1);
    expect(sim.stats().faultsInjected.latency).toBe(1);
  });

  it('adds latency within [latencyMs, latencyMs + latencyJitterMs] (seeded draws)', () => {
    const engine = createFaultEngine({ latencyMs: 150, latencyJitterMs: 50, seed: 7 });
    const draws = Array.from({ length: 2000 }, () => engine.latency());
    expect(Math.min(...draws)).toBe(150);
    expect(Math.max(...draws)).toBe(200);
    expect(draws.every(Number.isInteger)).toBe(true);
  });

  it.each([
    [{ rate429: 1 }, 429, 'Too Many Requests'],
    [{ rate500: 1 }, 500, 'Downstream Execution Error: Server Error'],
    [{ rate502: 1 }, 502, 'Downstream Execution Error: Bad Gateway'],
    [{ rate503: 1 }, 503, 'Downstream Execution Error: Service Unavailable'],
  ])('%j → HTTP %i with a GraphQL errors body, operation not executed', async (faults, status, message) => {
    sim.setFaults(faults);
    const res = await post(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`);
    expect(res.status).toBe(status);
    expect(await res.json()).toEqual({
      data: null,
      errors: [{ message, path: ['spaceDelete'], extensions: {} }],
    });
    if (status === 429) expect(res.headers.get('retry-after')).toBe('1');
    expect(sim.stats().mutations).toHaveLength(0);
  });

  it('htmlErrorRate → 502 text/html', async () => {
    sim.setFaults({ htmlErrorRate: 1 });
    const res = await post(sim, token);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('malformedJsonRate → 200 with a truncated JSON body (mutation applied)', async () => {
    sim.setFaults({ malformedJsonRate: 1 });
    const res = await post(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text)).toThrow();
    expect(sim.stats().mutations).toHaveLength(1);
  });

  it('emptyBodyRate → 200 with an empty body', async () => {
    sim.setFaults({ emptyBodyRate: 1 });
    const res = await post(sim, token);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('resetRate → headers and part of the body, then the connection is destroyed (mutation applied exactly once)', async () => {
    sim.setFaults({ resetRate: 1 });
    const res = await post(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`);
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    const stats = sim.stats();
    expect(stats.mutations.map((m) => m.operation)).toEqual(['spaceDelete']);
    expect(stats.faultsInjected.reset).toBe(1);
    expect(stats.clientAborts).toBe(0);
  });

  it('operations limits faults to the named root fields', async () => {
    sim.setFaults({ rate500: 1, operations: ['spaceDelete'] });
    expect((await post(sim, token)).status).toBe(200);
    expect(
      (await post(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`)).status,
    ).toBe(500);
  });

  it('the seed makes the fault sequence reproducible', async () => {
    const run = async () => {
      sim.setFaults({ rate500: 0.5, seed: 42 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await post(sim, token)).status);
      return statuses;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });

  it('a client that goes away during the latency is counted and its mutation is not executed', async () => {
    sim.setFaults({ latencyMs: 400 });
    const controller = new AbortController();
    const pending = post(
      sim,
      token,
      `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`,
      controller.signal,
    );
    setTimeout(() => controller.abort(), 100);
    await expect(pending).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 500));
    const stats = sim.stats();
    expect(stats.clientAborts).toBe(1);
    expect(stats.mutations).toHaveLength(0);
    sim.setFaults({});
    const read = await gql(sim, token, `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { id } }`);
    expect(read.body.data.space.id).toBe(SEED.demoLiveSpaceIds[0]);
  });

  describe('auth endpoint faults', () => {
    const mintStatus = async () =>
      (
        await fetch(`${sim.authUrl}/${DEMO.accountId}`, {
          headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
        })
      ).status;

    it('authDown → 503', async () => {
      sim.setFaults({ authDown: true });
      expect(await mintStatus()).toBe(503);
      expect(sim.stats().faultsInjected.authDown).toBe(1);
    });

    it('authFailRate → 503 at that rate', async () => {
      sim.setFaults({ authFailRate: 1 });
      expect(await mintStatus()).toBe(503);
      sim.setFaults({ authFailRate: 0 });
      expect(await mintStatus()).toBe(200);
    });

    it('authLatencyMs holds the auth endpoint’s answer until it elapses', async () => {
      sim.setFaults({ authLatencyMs: 600_000 });
      const abort = new AbortController();
      const answer = fetch(`${sim.authUrl}/${DEMO.accountId}`, {
        headers: { authorization: basicToken(DEMO.username, DEMO.apiToken) },
        signal: abort.signal,
      }).then(
        () => 'answered',
        () => 'aborted',
      );
      await waitUntil(() => sim.stats().faultsInjected.authLatency === 1);
      abort.abort();
      expect(await answer).toBe('aborted');
      sim.setFaults({ authLatencyMs: 0 });
      expect(await mintStatus()).toBe(200);
    });
  });

  describe('/__sim/faults', () => {
    const postFaults = (body: string, contentType = 'application/json') =>
      fetch(`${sim.url}/__sim/faults`, { method: 'POST', headers: { 'content-type': contentType }, body });

    it('POST replaces the config, GET returns it, and it takes effect', async () => {
      const res = await postFaults(JSON.stringify({ rate503: 1 }));
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ faults: { rate503: 1 } });
      expect(await (await fetch(`${sim.url}/__sim/faults`)).json()).toEqual({ faults: { rate503: 1 } });
      expect((await post(sim, token)).status).toBe(503);
      await postFaults('{}');
      expect((await post(sim, token)).status).toBe(200);
    });

    it.each([
      ['{', 400, 'Malformed JSON body'],
      ['{"rate500": 2}', 400, /rate500.*received 2/],
      ['{"latencyMs": -1}', 400, /latencyMs/],
      ['{"rate500": 0.6, "rate502": 0.6}', 400, /add up to 1\.2/],
      ['{"bogus": true}', 400, /unknown field\(s\) bogus/],
      ['[]', 400, /invalid fault config/],
    ])('refuses %s', async (body, status, message) => {
      const res = await postFaults(body);
      expect(res.status).toBe(status);
      const json = (await res.json()) as { message: string };
      if (typeof message === 'string') expect(json.message).toBe(message);
      else expect(json.message).toMatch(message);
    });

    it('refuses a non-JSON content type with 415', async () => {
      expect((await postFaults('rate500=1', 'text/plain')).status).toBe(415);
    });

    it('setFaults throws on invalid values', () => {
      expect(() => sim.setFaults({ rate429: -0.1 })).toThrow(/rate429/);
    });
  });
});
