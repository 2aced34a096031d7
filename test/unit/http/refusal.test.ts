import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { subgraphError } from '../../../src/errors/subgraph-error.ts';
import { httpRefusal, isHttpRefusal, refusalResponse } from '../../../src/http/refusal.ts';

describe('httpRefusal', () => {
  it('is a catalog error carrying the HTTP status and headers', () => {
    const error = httpRefusal('UNAUTHENTICATED', {
      status: 401,
      message: 'no',
      headers: { 'www-authenticate': 'Bearer' },
    });
    expect(error.message).toBe('no');
    expect(error.extensions).toEqual({
      code: 'UNAUTHENTICATED',
      category: 'UNAUTHENTICATED',
      retryable: false,
      http: { status: 401, headers: { 'www-authenticate': 'Bearer' } },
    });
  });

  it('uses the catalog message by default', () => {
    expect(httpRefusal('CSRF_ERROR', { status: 400 }).message).toMatch(/^This operation has been blocked/);
  });

  it('is recognized by isHttpRefusal; other errors are not', () => {
    expect(isHttpRefusal(httpRefusal('UNAUTHENTICATED', { status: 401 }))).toBe(true);
    expect(isHttpRefusal(subgraphError('UNAUTHENTICATED'))).toBe(false);
    expect(isHttpRefusal(new GraphQLError('x'))).toBe(false);
    expect(isHttpRefusal('x')).toBe(false);
  });
});

describe('refusalResponse', () => {
  it('renders a GraphQL error body with the status and headers, without the http extension', async () => {
    const response = refusalResponse(
      httpRefusal('UNAUTHENTICATED', {
        status: 401,
        message: 'no',
        headers: { 'www-authenticate': 'Bearer' },
      }),
    );
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'no',
          extensions: { code: 'UNAUTHENTICATED', category: 'UNAUTHENTICATED', retryable: false },
        },
      ],
    });
  });
});
