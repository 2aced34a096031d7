import type { ExecutionRequest } from '@graphql-tools/utils';
import { parse } from 'graphql';
import type { MinimalLogger } from '../../../src/upstream/logger-types.ts';
import type { Exchange, Outcome, UpstreamCall } from '../../../src/upstream/outcome.ts';
import type { UpstreamFetch, UpstreamResponse } from '../../../src/upstream/transport.ts';

/** A request for `{ spaces { id } }` (or the given document), optionally with a SPACE_GUID. */
export function request(query = '{ spaces { id } }', extensions?: Record<string, unknown>): ExecutionRequest {
  return { document: parse(query), ...(extensions ? { extensions } : {}) };
}

/** A call as the outer layers would pass it down. */
export function call(overrides: Partial<UpstreamCall> = {}): UpstreamCall {
  return {
    request: request(),
    operation: 'spaces',
    operationType: 'query',
    signal: new AbortController().signal,
    deadline: Date.now() + 30_000,
    attempt: 1,
    token: 'a.b.c',
    ...overrides,
  };
}

/** An exchange that answers from a script (the last entry repeats) and records the calls it got. */
export function scriptedExchange(...script: Array<Outcome | (() => Promise<Outcome>) | Error>) {
  const calls: UpstreamCall[] = [];
  const queue = [...script];
  const exchange: Exchange = async (c) => {
    calls.push(c);
    const next = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next() : next;
  };
  return { exchange, calls };
}

export const RESULT: Outcome = { kind: 'result', status: 200, result: { data: { spaces: [] } } };

type FakeAnswer =
  | UpstreamResponse
  | Error
  | ((init: Parameters<UpstreamFetch>[1]) => Promise<UpstreamResponse>);

/** A transport that answers from a queue (the last answer repeats) and records every request. */
export function fakeFetch(...answers: FakeAnswer[]) {
  const calls: Array<Parameters<UpstreamFetch>[1]> = [];
  const queue = [...answers];
  const fetch: UpstreamFetch = async (_url, init) => {
    calls.push(init);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    if (answer instanceof Error) throw answer;
    if (typeof answer === 'function') return answer(init);
    return answer;
  };
  return { fetch, calls };
}

/** A WHATWG response (real body stream). */
export function response(
  status: number,
  body: string | ReadableStream<Uint8Array>,
  headers: Record<string, string> = {},
) {
  return new Response(body, { status, headers }) as unknown as UpstreamResponse;
}

/** A fetch that never answers until its signal aborts (then rejects with the abort reason). */
export function hangingFetch(init: Parameters<UpstreamFetch>[1]): Promise<UpstreamResponse> {
  return new Promise((_resolve, reject) => {
    init.signal.addEventListener('abort', () => reject(init.signal.reason), { once: true });
  });
}

/** A logger that records every line. */
export function recordingLogger() {
  const lines: Array<{ level: string; obj: object; msg?: string }> = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
    };
  const logger: MinimalLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

/** An error with a Node-style `code`. */
export function codedError(code: string): Error {
  return Object.assign(new Error(code), { code });
}
