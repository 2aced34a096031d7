import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { RunningSimulator } from '../../src/simulator/index.ts';
import { IMPLEMENTED_ROOT_FIELDS } from '../../src/simulator/root-value.ts';
import { SDL_URL } from '../../src/simulator/schema.ts';
import { SEED } from '../../src/simulator/seed.ts';
import { gql, mint, start, useSimulator } from './sim-client.ts';

/** Raw HTTP request (for bodies fetch would not send as-is). */
function raw(
  sim: RunningSimulator,
  options: {
    method: string;
    path: string;
    headers?: Record<string, string | number>;
    body?: Buffer | string;
  },
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: sim.port,
        method: options.method,
        path: options.path,
        headers: options.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

describe('stats, reset and control endpoints', () => {
  let sim: RunningSimulator;
  let token: string;
  useSimulator({}, (started) => {
    ({ sim, token } = started);
  });

  it('GET /health → 200', async () => {
    const res = await fetch(`${sim.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('implements every root field of the SDL', () => {
    const schema = buildSchema(readFileSync(SDL_URL, 'utf8'));
    expect(Object.keys(schema.getQueryType()?.getFields() ?? {}).sort()).toEqual(
      [...IMPLEMENTED_ROOT_FIELDS.query].sort(),
    );
    expect(Object.keys(schema.getMutationType()?.getFields() ?? {}).sort()).toEqual(
      [...IMPLEMENTED_ROOT_FIELDS.mutation].sort(),
    );
  });

  it('stats count requests by operation (once per field name), mints and the mutation log; reset restores the seed', async () => {
    sim.reset();
    await mint(sim);
    await gql(
      sim,
      token,
      `{ a: space(id: "${SEED.demoLiveSpaceIds[0]}") { id } b: space(id: "${SEED.demoLiveSpaceIds[1]}") { id } spaces { id } }`,
    );
    await gql(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`);
    await gql(sim, token, `mutation { spaceDelete(id: "${SEED.demoLiveSpaceIds[0]}") }`);
    await gql(
      sim,
      token,
      `mutation { spaceUpdate(input: { id: "${SEED.demoLiveSpaceIds[1]}", name: "Renamed" }) { id } }`,
    );
    const stats = (await (await fetch(`${sim.url}/__sim/stats`)).json()) as ReturnType<
      RunningSimulator['stats']
    >;
    expect(stats).toMatchObject({
      graphqlRequests: 4,
      requestsByOperation: { space: 1, spaces: 1, spaceDelete: 2, spaceUpdate: 1 },
      jwtMints: 1,
      jwtMintsByAccount: { [SEED.demoAccountId]: 1 },
      authFailures: 0,
      unauthorized: 0,
      rateLimited: 0,
      clientAborts: 0,
      maxInFlight: 1,
      maxInFlightByAccount: { [SEED.demoAccountId]: 1 },
    });
    // Only applied mutations are logged: the failed second delete is not.
    expect(stats.mutations.map((m) => [m.seq, m.operation, m.accountId])).toEqual([
      [1, 'spaceDelete', SEED.demoAccountId],
      [2, 'spaceUpdate', SEED.demoAccountId],
    ]);
    expect(stats.mutations[0]?.args).toEqual({ id: SEED.demoLiveSpaceIds[0] });
    expect(new Date(stats.mutations[0]?.at ?? '').toString()).not.toBe('Invalid Date');
    expect(stats).toEqual(sim.stats());

    sim.setFaults({ latencyMs: 5 });
    const reset = await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(sim.stats()).toMatchObject({
      graphqlRequests: 0,
      mutations: [],
      requestsByOperation: {},
      jwtMints: 0,
    });
    expect(await (await fetch(`${sim.url}/__sim/faults`)).json()).toEqual({ faults: {} });
    const read = await gql(
      sim,
      token,
      `{ space(id: "${SEED.demoLiveSpaceIds[0]}") { id } b: space(id: "${SEED.demoLiveSpaceIds[1]}") { name } }`,
    );
    expect(read.body.data.space.id).toBe(SEED.demoLiveSpaceIds[0]);
    expect(read.body.data.b.name).toBe('Trial1_Space');
  });

  it('seed ids are deterministic across instances and resets', async () => {
    const other = await start();
    try {
      const t = await mint(other);
      const a = await gql(sim, token, '{ spaces { id url } }');
      const b = await gql(other, t, '{ spaces { id url } }');
      expect(b.body.data).toEqual(a.body.data);
    } finally {
      await other.close();
    }
  });

  describe('bad input never crashes the simulator', () => {
    it('malformed JSON → 400', async () => {
      const res = await raw(sim, {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"query":',
      });
      expect(res.status).toBe(400);
      expect(JSON.parse(res.body)).toEqual({ error: 'Bad Request', message: 'Malformed JSON body' });
    });

    it('a body that is not a request object or lacks a query → 400', async () => {
      const send = (body: string) =>
        raw(sim, {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body,
        });
      expect((await send('[{"query":"{ spaces { id } }"}]')).status).toBe(400);
      expect(JSON.parse((await send('{"variables":{}}')).body).message).toBe('Must provide query string.');
      expect((await send('{"query":"{ spaces { id } }","variables":[1]}')).status).toBe(400);
      expect((await send('"text"')).status).toBe(400);
    });

    it('wrong content type → 415', async () => {
      const res = await raw(sim, {
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'text/plain' },
        body: '{ spaces { id } }',
      });
      expect(res.status).toBe(415);
      expect(JSON.parse(res.body).error).toBe('Unsupported Media Type');
    });

    it('a body over the limit → 413 and the connection is closed', async () => {
      const small = await start({ maxBodyBytes: 1024 });
      try {
        const body = JSON.stringify({ query: `{ spaces { id } } # ${'x'.repeat(5000)}` });
        const res = await raw(small, {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          body,
        });
        expect(res.status).toBe(413);
        expect(res.headers.connection).toBe('close');
        expect(JSON.parse(res.body).error).toBe('Payload Too Large');
        // Chunked (no content-length): the limit is enforced while reading.
        const chunked = await raw(small, {
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          body,
        });
        expect(chunked.status).toBe(413);
        expect((await fetch(`${small.url}/health`)).status).toBe(200);
      } finally {
        await small.close();
      }
    });

    it('GET /graphql → 405 with Allow: POST; unknown path → 404; wrong methods → 405 (all JSON)', async () => {
      const get = await fetch(`${sim.graphqlUrl}?query={spaces{id}}`);
      expect(get.status).toBe(405);
      expect(get.headers.get('allow')).toBe('POST');
      expect(((await get.json()) as { error: string }).error).toBe('Method Not Allowed');
      const unknown = await fetch(`${sim.url}/nope`);
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('content-type')).toMatch(/^application\/json/);
      expect((await fetch(`${sim.url}/__sim/stats`, { method: 'POST' })).status).toBe(405);
      expect((await fetch(`${sim.url}/__sim/reset`)).status).toBe(405);
      expect((await fetch(`${sim.url}/logos/nope`)).status).toBe(404);
    });

    it('a malformed HTTP request line gets a 400 and the server keeps serving', async () => {
      const { connect } = await import('node:net');
      const answer = await new Promise<string>((resolve) => {
        const socket = connect(sim.port, '127.0.0.1', () => socket.write('THIS IS NOT HTTP\r\n\r\n'));
        let data = '';
        socket.on('data', (d) => {
          data += d.toString();
        });
        socket.on('close', () => resolve(data));
        socket.on('error', () => resolve(data));
      });
      expect(answer).toMatch(/^HTTP\/1\.1 400/);
      expect((await fetch(`${sim.url}/health`)).status).toBe(200);
    });
  });

  it('close() closes idle keep-alive sockets itself (it does not wait for the client)', async () => {
    const s = await start();
    // A client that keeps its connection open after the answer and never closes it.
    const socket = connect(s.port, '127.0.0.1');
    const closedByServer = new Promise<boolean>((resolve) => {
      socket.once('end', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    socket.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n');
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    try {
      await s.close();
      expect(await closedByServer).toBe(true);
      await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    } finally {
      socket.destroy();
    }
  });

  it('a busy port is reported at start', async () => {
    await expect(start({ port: sim.port })).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('stats stay bounded', () => {
  it('unknown root field names are not counted', async () => {
    const sim = await start();
    try {
      const token = await mint(sim);
      const res = await gql(sim, token, '{ bogus1 bogus2 spaces { id } }');
      expect(res.status).toBe(400);
      expect(sim.stats().requestsByOperation).toEqual({ spaces: 1 });
    } finally {
      await sim.close();
    }
  });
});
