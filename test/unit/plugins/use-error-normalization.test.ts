/** The one masking path (#14 item 7): what a client sees of each kind of error, and what is logged. */
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { subgraphError } from '../../../src/errors/subgraph-error.ts';
import {
  normalizeOutgoingError,
  useErrorNormalization,
} from '../../../src/plugins/use-error-normalization.ts';
import type { MinimalLogger } from '../../../src/upstream/logger-types.ts';

function recordingLogger() {
  const lines: Array<{ level: string; object: object; message?: string }> = [];
  const at = (level: string) => (object: object, message?: string) => {
    lines.push({ level, object, ...(message === undefined ? {} : { message }) });
  };
  const logger: MinimalLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

const PUBLIC = (code: string, category: string) => ({ code, category, retryable: false });

describe('normalizeOutgoingError', () => {
  it('keeps a catalog error and only its public extensions', () => {
    const { logger, lines } = recordingLogger();
    const error = subgraphError('SPACE_NOT_FOUND', { path: ['space'] });
    Object.assign(error.extensions, { secret: 'x', request: { headers: {} } });
    const out = normalizeOutgoingError(error, logger);
    expect(out.message).toBe('The Space was not found.');
    expect(out.path).toEqual(['space']);
    expect(out.extensions).toEqual(PUBLIC('SPACE_NOT_FOUND', 'NOT_FOUND'));
    expect(lines).toEqual([]);
  });

  it('unwraps a catalog error that graphql-js wrapped around a resolver', () => {
    const { logger } = recordingLogger();
    const inner = subgraphError('RATE_LIMITED', { retryAfterSeconds: 2 });
    const wrapped = new GraphQLError(inner.message, { path: ['spaces'], originalError: inner });
    expect(normalizeOutgoingError(wrapped, logger).extensions).toEqual({
      code: 'RATE_LIMITED',
      category: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 2,
    });
  });

  it('maps Yoga request codes and keeps the HTTP status', () => {
    const { logger } = recordingLogger();
    const error = new GraphQLError('POST body sent invalid JSON.', {
      extensions: { code: 'BAD_REQUEST', http: { status: 400 }, originalError: { message: 'x' } } as never,
    });
    const out = normalizeOutgoingError(error, logger);
    expect(out.extensions).toEqual({ ...PUBLIC('BAD_REQUEST', 'BAD_USER_INPUT'), http: { status: 400 } });
  });

  it('turns a bug into INTERNAL_SERVER_ERROR with the catalog message, logged once at error level', () => {
    const { logger, lines } = recordingLogger();
    const bug = new GraphQLError('Cannot read properties of undefined', {
      path: ['spaces', 0, 'guid'],
      originalError: new TypeError('Cannot read properties of undefined'),
    });
    const out = normalizeOutgoingError(bug, logger);
    expect(out.message).toBe('An unexpected error occurred.');
    expect(out.extensions).toEqual(PUBLIC('INTERNAL_SERVER_ERROR', 'INTERNAL'));
    expect(lines.map((l) => [l.level, l.message])).toEqual([
      ['error', 'unexpected error while executing an operation'],
    ]);
  });

  it('treats a thrown non-Error value (Yoga marks it unexpected) as a bug, not as validation', () => {
    const { logger, lines } = recordingLogger();
    const thrown = new GraphQLError('oops', {
      extensions: { code: 'INTERNAL_SERVER_ERROR', unexpected: true } as never,
    });
    expect(normalizeOutgoingError(thrown, logger).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(lines[0]?.level).toBe('error');
  });

  it('reports validation and coercion errors as the client’s', () => {
    const { logger } = recordingLogger();
    expect(
      normalizeOutgoingError(new GraphQLError('Cannot query field "x" on type "Query".'), logger).extensions
        ?.code,
    ).toBe('GRAPHQL_VALIDATION_FAILED');
    const coercion = new GraphQLError('Variable "$id" got invalid value 1; ID cannot represent value', {
      originalError: new TypeError('x'),
    });
    expect(normalizeOutgoingError(coercion, logger).extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('never lets a non-GraphQL error through', () => {
    const { logger } = recordingLogger();
    expect(normalizeOutgoingError(new Error('boom'), logger).extensions).toEqual(
      PUBLIC('INTERNAL_SERVER_ERROR', 'INTERNAL'),
    );
  });
});

describe('useErrorNormalization in Yoga (masking off: the plugin is the only path)', () => {
  const schema = createSchema({
    typeDefs: 'type Query { bug: String }',
    resolvers: {
      Query: {
        bug: () => {
          throw new Error('secret internal detail');
        },
      },
    },
  });

  it('masks a resolver bug and logs it at error level exactly once', async () => {
    const { logger, lines } = recordingLogger();
    const yoga = createYoga({
      schema,
      maskedErrors: false,
      logging: false,
      plugins: [useErrorNormalization({ logger })],
    });
    const res = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ bug }' }),
    });
    const body = await res.json();
    expect(body.errors).toEqual([
      {
        message: 'An unexpected error occurred.',
        locations: [{ line: 1, column: 3 }],
        path: ['bug'],
        extensions: PUBLIC('INTERNAL_SERVER_ERROR', 'INTERNAL'),
      },
    ]);
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('logs the errors of a request whose client disconnected at debug level only', async () => {
    const { logger, lines } = recordingLogger();
    const controller = new AbortController();
    const disconnecting = createSchema({
      typeDefs: 'type Query { gone: String }',
      resolvers: {
        Query: {
          gone: () => {
            controller.abort(); // the client goes away while the operation runs
            throw new Error('upstream call cancelled');
          },
        },
      },
    });
    const yoga = createYoga({
      schema: disconnecting,
      maskedErrors: false,
      logging: false,
      plugins: [useErrorNormalization({ logger })],
    });
    await handleAborting(yoga, '{ gone }', controller.signal);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
    expect(lines.some((l) => l.level === 'debug' && 'clientDisconnected' in l.object)).toBe(true);
  });

  it('answers a request whose client disconnected with its first error only (nobody reads the others)', async () => {
    const { logger } = recordingLogger();
    const controller = new AbortController();
    const schema = createSchema({
      typeDefs: 'type Query { items: [String] }',
      resolvers: {
        Query: {
          // A cancelled batch of 100 entities: an error at every item.
          items: () => {
            controller.abort();
            return Array.from({ length: 100 }, () => new Error('upstream call cancelled'));
          },
        },
      },
    });
    const sent: number[] = [];
    const yoga = createYoga({
      schema,
      maskedErrors: false,
      logging: false,
      plugins: [
        useErrorNormalization({ logger }),
        {
          onResultProcess({ result }) {
            sent.push((result as { errors?: unknown[] }).errors?.length ?? 0);
          },
        },
      ],
    });
    await handleAborting(yoga, '{ items }', controller.signal);
    expect(sent).toEqual([1]);
  });
});

/** Runs `query` through `yoga` as a request whose client aborts through `signal` (what it answers is ignored). */
async function handleAborting(
  yoga: { handle: (request: Request, context: object) => unknown },
  query: string,
  signal: AbortSignal,
) {
  const request = new Request('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
    signal,
  });
  await Promise.resolve(yoga.handle(request, {})).catch(() => undefined);
}
