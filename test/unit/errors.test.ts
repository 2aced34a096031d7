import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { ERRORS_DOC_PATH, renderErrorCatalog } from '../../scripts/print-error-catalog.ts';
import {
  CANONICAL_CODES,
  type CanonicalCode,
  ERROR_CATALOG,
  type ErrorCatalogEntry,
} from '../../src/errors/catalog.ts';
import {
  extractUpstreamCode,
  normalizeUpstreamError,
  UNKNOWN_UPSTREAM_MESSAGE,
} from '../../src/errors/normalize-upstream.ts';
import { isSubgraphError, subgraphError } from '../../src/errors/subgraph-error.ts';
import { redactSecrets } from '../../src/observability/redact.ts';
import type { MinimalLogger } from '../../src/upstream/logger-types.ts';

const LEGACY_CODES = [
  'MISSING_SPACE_NAME',
  'MISSING_ACCT_GRP_ID',
  'INVALID_SPACE_NAME',
  'SPACE_EXISTS_FOR_ACCT_GRP',
  'MISSING_OP_USER_ID',
  'MISSING_OP_ACCT_ID',
  'UNSUPPORTED_SHARING_MODE',
  'MISSING_SPACE_ID',
  'SPACE_NOT_FOUND',
  'GENERIC_SYSTEM_ERROR',
  'SPACE_IS_DELETED',
  'ACCOUNT_INPUT_MISSING_FIELDS',
  'ACCOUNT_INPUT_INVALID_DATE',
  'INVALID_AUTH_METHOD',
  'PLATFORM_CALL_ERROR',
  'UNAUTHORIZED',
  'ARTIFACT_NOT_IN_SPACE',
  'IPACK_INSTANCE_ID_INVALID',
  'IPACK_NOT_FOUND_IN_SPACE',
  'SPACE_NAME_IS_LENGTHY',
  'SPACE_LOGO_UPLOAD_ERROR',
  'SPACE_LOGO_DELETE_ERROR',
  'SPACE_LOGO_GET_ERROR',
  'SPACE_THEME_DELETE_ERROR',
] as const;

const NEWER_ONLY_CODES = [
  'BUNDLE_SERVICE_CALL_ERROR',
  'MAX_SPACE_COUNT_REACHED',
  'BOOMI_PUBLIC_SPACE_CREATE_UNAUTHORIZED',
  'MISSING_BOOMI_PUBLIC_SPACE_CREATOR_ACCOUNT',
  'BOOMI_PUBLIC_SPACE_CREATE_IPACK_IDS_NOT_ALLOWED',
  'BOOMI_PUBLIC_SPACE_CREATE_ACCT_IDS_NOT_ALLOWED',
  'INVALID_IMAGE_FILE_NAME',
  'PUBLISHER_NOT_SET',
  'DISCOVER_PUBLIC_SPACE_DELETE_FORBIDDEN',
  'INVALID_OR_PAST_DATE',
  'ARTIFACT_DELETE_ERROR',
] as const;

const OUR_CODES = [
  'RATE_LIMITED',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_AUTH_FAILED',
  'UPSTREAM_BAD_RESPONSE',
  'UPSTREAM_OUTCOME_UNKNOWN',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'UNAUTHENTICATED',
  'CSRF_ERROR',
  'INTERNAL_SERVER_ERROR',
  // limits (#9)
  'OPERATION_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_TOKENS',
  'TOO_MANY_DIRECTIVES',
  'OPERATION_TOO_COMPLEX',
  'OPERATION_TOO_EXPENSIVE',
  // federation (#13)
  'ACCOUNT_GROUP_NOT_FOUND',
  'ENVIRONMENT_NOT_FOUND',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_HASH_MISMATCH',
  // many accounts (#12)
  'FORBIDDEN',
] as const;

/** newer SpaceErrorCode name → canonical legacy name (docs/contract.md §5) */
const ALIASES: Record<string, CanonicalCode> = {
  MISSING_NAME: 'MISSING_SPACE_NAME',
  INVALID_NAME: 'INVALID_SPACE_NAME',
  MISSING_ID: 'MISSING_SPACE_ID',
  NAME_IS_LENGTHY: 'SPACE_NAME_IS_LENGTHY',
  LOGO_UPLOAD_ERROR: 'SPACE_LOGO_UPLOAD_ERROR',
  LOGO_DELETE_ERROR: 'SPACE_LOGO_DELETE_ERROR',
  LOGO_GET_ERROR: 'SPACE_LOGO_GET_ERROR',
  THEME_DELETE_ERROR: 'SPACE_THEME_DELETE_ERROR',
};

function recordingLogger() {
  const calls: Array<{ level: string; obj: object; msg: string | undefined }> = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      calls.push({ level, obj, msg });
    };
  const logger: MinimalLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, calls };
}

/** The four simulator ErrorStyles (docs/architecture.md). */
function render(
  style: string,
  name: string,
  text = 'No Space exists for id 42',
): { message: string; extensions: object } {
  switch (style) {
    case 'extensions-code':
      return { message: name, extensions: { code: name } };
    case 'message-prefix':
      return { message: `${name}: ${text}`, extensions: {} };
    case 'extensions-error-code':
      return { message: text, extensions: { errorCode: name } };
    default:
      return { message: `Downstream Execution Error: ${name}: ${text}`, extensions: {} };
  }
}

const STYLES = ['extensions-code', 'message-prefix', 'extensions-error-code', 'downstream-wrapped'];

describe('ERROR_CATALOG', () => {
  it('holds exactly the 24 legacy codes, the 11 newer-only codes and our 24 codes', () => {
    expect(new Set(CANONICAL_CODES)).toEqual(new Set([...LEGACY_CODES, ...NEWER_ONLY_CODES, ...OUR_CODES]));
    expect(CANONICAL_CODES).toHaveLength(24 + 11 + 24);
  });

  it('declares every newer alias of docs/contract.md §5 on its legacy code, and nothing else', () => {
    const declared: Record<string, string> = {};
    for (const code of CANONICAL_CODES) {
      for (const alias of (ERROR_CATALOG[code] as ErrorCatalogEntry).upstreamAliases) declared[alias] = code;
    }
    expect(declared).toEqual(ALIASES);
  });

  it('has safe, distinct messages without ids or placeholders', () => {
    const messages = CANONICAL_CODES.map((c) => ERROR_CATALOG[c].message);
    expect(new Set(messages).size).toBe(messages.length);
    for (const m of messages) {
      expect(m).toMatch(/^[A-Z].*\.$/);
      expect(m).not.toMatch(/\d|\{|\$|Downstream/);
    }
  });

  it.each([
    ['SPACE_NOT_FOUND', 'NOT_FOUND', false],
    ['SPACE_IS_DELETED', 'NOT_FOUND', false],
    ['IPACK_NOT_FOUND_IN_SPACE', 'NOT_FOUND', false],
    ['ARTIFACT_NOT_IN_SPACE', 'NOT_FOUND', false],
    ['SPACE_EXISTS_FOR_ACCT_GRP', 'CONFLICT', false],
    ['MAX_SPACE_COUNT_REACHED', 'CONFLICT', false],
    ['UNAUTHORIZED', 'FORBIDDEN', false],
    ['INVALID_AUTH_METHOD', 'FORBIDDEN', false],
    ['BOOMI_PUBLIC_SPACE_CREATE_UNAUTHORIZED', 'FORBIDDEN', false],
    ['DISCOVER_PUBLIC_SPACE_DELETE_FORBIDDEN', 'FORBIDDEN', false],
    ['MISSING_OP_USER_ID', 'UNAUTHENTICATED', false],
    ['MISSING_OP_ACCT_ID', 'UNAUTHENTICATED', false],
    ['UNAUTHENTICATED', 'UNAUTHENTICATED', false],
    ['FORBIDDEN', 'FORBIDDEN', false],
    ['MISSING_SPACE_NAME', 'BAD_USER_INPUT', false],
    ['SPACE_LOGO_UPLOAD_ERROR', 'BAD_USER_INPUT', false],
    ['INVALID_IMAGE_FILE_NAME', 'BAD_USER_INPUT', false],
    ['IPACK_INSTANCE_ID_INVALID', 'BAD_USER_INPUT', false],
    ['PLATFORM_CALL_ERROR', 'UPSTREAM', true],
    ['BUNDLE_SERVICE_CALL_ERROR', 'UPSTREAM', true],
    ['GENERIC_SYSTEM_ERROR', 'UPSTREAM', true],
    ['RATE_LIMITED', 'RATE_LIMITED', true],
    ['UPSTREAM_UNAVAILABLE', 'UPSTREAM', true],
    ['UPSTREAM_OUTCOME_UNKNOWN', 'UPSTREAM', false],
    ['INTERNAL_SERVER_ERROR', 'INTERNAL', false],
  ] as const)('%s is %s, retryable %s', (code, category, retryable) => {
    expect(ERROR_CATALOG[code].category).toBe(category);
    expect(ERROR_CATALOG[code].retryable).toBe(retryable);
  });

  it('marks only our codes as source subgraph', () => {
    const ours = CANONICAL_CODES.filter((c) => ERROR_CATALOG[c].source === 'subgraph');
    expect(new Set(ours)).toEqual(new Set(OUR_CODES));
  });
});

describe('extractUpstreamCode', () => {
  const cases: Array<[string, CanonicalCode]> = [
    ...LEGACY_CODES.map((c): [string, CanonicalCode] => [c, c]),
    ...NEWER_ONLY_CODES.map((c): [string, CanonicalCode] => [c, c]),
    ...Object.entries(ALIASES),
  ];
  for (const style of STYLES) {
    it(`recognizes every upstream name in style ${style}`, () => {
      for (const [name, code] of cases) {
        expect(extractUpstreamCode(render(style, name)), `${style} ${name}`).toEqual({
          code,
          upstreamCode: name,
        });
      }
    });
  }

  it('prefers extensions over the message', () => {
    expect(
      extractUpstreamCode({ message: 'SPACE_IS_DELETED', extensions: { code: 'SPACE_NOT_FOUND' } }),
    ).toEqual({
      code: 'SPACE_NOT_FOUND',
      upstreamCode: 'SPACE_NOT_FOUND',
    });
  });

  it.each(['error_code', 'errorType', 'classification'])('reads extensions.%s', (key) => {
    expect(extractUpstreamCode({ message: 'x', extensions: { [key]: 'MISSING_ID' } })).toEqual({
      code: 'MISSING_SPACE_ID',
      upstreamCode: 'MISSING_ID',
    });
  });

  it('skips an unknown extensions.code and falls back to other keys and then the message', () => {
    expect(
      extractUpstreamCode({
        message: 'boom',
        extensions: { code: 'DOWNSTREAM_ERROR', errorCode: 'UNAUTHORIZED' },
      }),
    ).toEqual({ code: 'UNAUTHORIZED', upstreamCode: 'UNAUTHORIZED' });
    expect(
      extractUpstreamCode({
        message: 'Downstream Execution Error: SPACE_IS_DELETED',
        extensions: { code: 'INTERNAL' },
      }),
    ).toEqual({ code: 'SPACE_IS_DELETED', upstreamCode: 'SPACE_IS_DELETED' });
  });

  it('trims and upper-cases extension values', () => {
    expect(extractUpstreamCode({ extensions: { code: ' space_not_found ' } })?.code).toBe('SPACE_NOT_FOUND');
  });

  it('matches whole words only, longest first', () => {
    expect(extractUpstreamCode({ message: 'SPACE_NAME_IS_LENGTHY: too long' })).toEqual({
      code: 'SPACE_NAME_IS_LENGTHY',
      upstreamCode: 'SPACE_NAME_IS_LENGTHY',
    });
    expect(extractUpstreamCode({ message: 'XSPACE_NOT_FOUND' })).toBeUndefined();
    expect(extractUpstreamCode({ message: 'SPACE_NOT_FOUNDX' })).toBeUndefined();
    expect(extractUpstreamCode({ message: 'MY_MISSING_ID' })).toBeUndefined();
    expect(extractUpstreamCode({ message: 'see (MISSING_ID).' })?.code).toBe('MISSING_SPACE_ID');
  });

  it('does not treat prose or our own codes as upstream codes', () => {
    expect(
      extractUpstreamCode({ message: 'Downstream Execution Error: Unauthorized', extensions: {} }),
    ).toBeUndefined();
    expect(extractUpstreamCode({ message: 'Downstream Execution Error: Server Error' })).toBeUndefined();
    expect(extractUpstreamCode({ message: 'space not found' })).toBeUndefined();
    expect(
      extractUpstreamCode({ message: 'UNAUTHENTICATED', extensions: { code: 'UNAUTHENTICATED' } }),
    ).toBeUndefined();
    expect(extractUpstreamCode({ extensions: { code: 'INTERNAL_SERVER_ERROR' } })).toBeUndefined();
    expect(extractUpstreamCode({ extensions: { code: 'RATE_LIMITED' } })).toBeUndefined();
  });

  it('never throws on odd input', () => {
    const hostile = {
      get message(): string {
        throw new Error('getter');
      },
    };
    const odd: unknown[] = [
      null,
      undefined,
      42,
      'SPACE_NOT_FOUND',
      {},
      { message: 42, extensions: 7 },
      { message: null, extensions: null },
      { message: ['SPACE_NOT_FOUND'], extensions: ['SPACE_NOT_FOUND'] },
      { extensions: { code: 5, errorCode: { nested: 'SPACE_NOT_FOUND' } } },
      { extensions: { code: 'x'.repeat(1_000_000) } },
      hostile,
    ];
    for (const input of odd) {
      expect(() => extractUpstreamCode(input as { message?: unknown })).not.toThrow();
      expect(extractUpstreamCode(input as { message?: unknown })).toBeUndefined();
    }
  });

  it('caps the scanned message length', () => {
    const padding = 'a '.repeat(5_000);
    expect(extractUpstreamCode({ message: `${padding}SPACE_NOT_FOUND` })).toBeUndefined();
    expect(extractUpstreamCode({ message: `SPACE_NOT_FOUND ${'z'.repeat(5_000_000)}` })?.code).toBe(
      'SPACE_NOT_FOUND',
    );
  });
});

describe('subgraphError', () => {
  it('builds extensions from the catalog', () => {
    const e = subgraphError('SPACE_NOT_FOUND', { path: ['space'] });
    expect(e).toBeInstanceOf(GraphQLError);
    expect(e.message).toBe('The Space was not found.');
    expect(e.path).toEqual(['space']);
    expect(e.extensions).toEqual({ code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false });
    expect(isSubgraphError(e)).toBe(true);
  });

  it('applies overrides and rounds retryAfterSeconds up', () => {
    const e = subgraphError('RATE_LIMITED', { retryAfterSeconds: 1.2, message: 'slow down' });
    expect(e.message).toBe('slow down');
    expect(e.extensions).toEqual({
      code: 'RATE_LIMITED',
      category: 'RATE_LIMITED',
      retryable: true,
      retryAfterSeconds: 2,
    });
    const a = subgraphError('UPSTREAM_AUTH_FAILED', { retryable: false });
    expect(a.extensions.retryable).toBe(false);
    const i = subgraphError('INTERNAL_SERVER_ERROR', { category: 'UPSTREAM' });
    expect(i.extensions.category).toBe('UPSTREAM');
  });

  it('adds upstreamCode only when it differs from the code', () => {
    expect(
      subgraphError('MISSING_SPACE_NAME', { upstreamCode: 'MISSING_NAME' }).extensions.upstreamCode,
    ).toBe('MISSING_NAME');
    expect(
      'upstreamCode' in subgraphError('SPACE_NOT_FOUND', { upstreamCode: 'SPACE_NOT_FOUND' }).extensions,
    ).toBe(false);
  });

  it('keeps originalError as a non-enumerable cause, not as GraphQL originalError (Yoga would mask it)', () => {
    const cause = new Error('socket hang up at http://upstream/graphql');
    const e = subgraphError('UPSTREAM_UNAVAILABLE', { originalError: cause });
    expect(e.originalError).toBeUndefined();
    expect((e as Error & { cause?: unknown }).cause).toBe(cause);
    expect(JSON.stringify(e.toJSON())).not.toContain('socket');
  });

  it('throws a TypeError for an unknown code', () => {
    expect(() => subgraphError('NOPE' as CanonicalCode)).toThrow(
      new TypeError('subgraphError: unknown code "NOPE"'),
    );
  });

  it('isSubgraphError rejects other errors', () => {
    expect(isSubgraphError(new Error('x'))).toBe(false);
    expect(isSubgraphError(new GraphQLError('x'))).toBe(false);
    const foreign = new GraphQLError('x', {
      extensions: {
        code: 'SOME_FOREIGN_CODE' as CanonicalCode,
        category: 'BAD_USER_INPUT',
        retryable: false,
      },
    });
    expect(isSubgraphError(foreign)).toBe(false);
    // Yoga's own errors carry a code we also use, but not the rest of the contract.
    expect(isSubgraphError(new GraphQLError('x', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }))).toBe(
      false,
    );
    expect(isSubgraphError(subgraphError('GRAPHQL_PARSE_FAILED'))).toBe(true);
    expect(isSubgraphError(null)).toBe(false);
  });
});

describe('normalizeUpstreamError', () => {
  for (const style of STYLES) {
    it(`normalizes style ${style} to exactly the contract extensions`, () => {
      const upstream = {
        ...render(style, 'NAME_IS_LENGTHY', 'name of 1234 chars for id 9f0c'),
        path: ['spaceCreate'],
        locations: [{ line: 1, column: 3 }],
      };
      if (style === 'extensions-code') Object.assign(upstream.extensions, { stack: 'at x', url: 'http://u' });
      const e = normalizeUpstreamError(upstream);
      expect(e.message).toBe('The Space name is too long.');
      expect(e.path).toEqual(['spaceCreate']);
      expect(e.locations).toBeUndefined();
      expect(e.extensions).toEqual({
        code: 'SPACE_NAME_IS_LENGTHY',
        category: 'BAD_USER_INPUT',
        retryable: false,
        upstreamCode: 'NAME_IS_LENGTHY',
      });
      expect(e.toJSON()).toEqual({
        message: 'The Space name is too long.',
        path: ['spaceCreate'],
        extensions: e.extensions,
      });
    });
  }

  it('omits upstreamCode when Boomi used the canonical name', () => {
    const e = normalizeUpstreamError({
      message: 'SPACE_NOT_FOUND',
      path: ['space'],
      extensions: { code: 'SPACE_NOT_FOUND' },
    });
    expect(e.extensions).toEqual({ code: 'SPACE_NOT_FOUND', category: 'NOT_FOUND', retryable: false });
  });

  it.each([
    [
      ['spaces', 0, 'theme'],
      ['spaces', 0, 'theme'],
    ],
    ['spaces', undefined],
    [['spaces', { a: 1 }], undefined],
    [['spaces', -1], undefined],
    [['spaces', 1.5], undefined],
    [[], undefined],
    [null, undefined],
  ])('keeps path %j as %j', (path, expected) => {
    expect(normalizeUpstreamError({ message: 'SPACE_NOT_FOUND', path }).path).toEqual(expected);
  });

  it('turns unknown errors into INTERNAL_SERVER_ERROR/UPSTREAM and logs a redacted, truncated message', () => {
    const { logger, calls } = recordingLogger();
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const message = `Downstream Execution Error: Server Error token=${jwt} Authorization: Bearer abc.def-123 ${'y'.repeat(2_000)}`;
    const e = normalizeUpstreamError(
      { message, path: ['spaceAccounts'], extensions: { trace: 'secret' } },
      { logger },
    );
    expect(e.message).toBe(UNKNOWN_UPSTREAM_MESSAGE);
    expect(e.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', category: 'UPSTREAM', retryable: false });
    expect(e.path).toEqual(['spaceAccounts']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.level).toBe('warn');
    const logged = JSON.stringify(calls[0]);
    expect(logged).toContain('Server Error');
    expect(logged).not.toContain(jwt);
    expect(logged).not.toContain('abc.def-123');
    expect(logged).not.toContain('y'.repeat(600));
    expect(calls[0]?.obj).toMatchObject({ truncated: true });
  });

  it('does not log recognized errors and never throws on odd input', () => {
    const { logger, calls } = recordingLogger();
    normalizeUpstreamError({ message: 'SPACE_NOT_FOUND' }, { logger });
    expect(calls).toHaveLength(0);
    for (const input of [null, 5, {}, { message: { toString: () => 'SPACE_NOT_FOUND' } }]) {
      const e = normalizeUpstreamError(input as { message?: unknown }, { logger });
      expect(e.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    }
  });
});

describe('redactSecrets', () => {
  it.each([
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer [REDACTED]'],
    ['authorization: basic Qk9PTUlfVE9LRU4udXNlcjpzZWNyZXQ=', 'authorization: basic [REDACTED]'],
    ['jwt eyJhbGci.eyJzdWIi.sig here', 'jwt [REDACTED] here'],
    ['nothing to hide at api.boomi.com', 'nothing to hide at api.boomi.com'],
  ])('%s', (input, output) => {
    expect(redactSecrets(input)).toBe(output);
  });
});

describe('docs/errors.md', () => {
  it('matches the render of ERROR_CATALOG (run `npm run docs:errors`)', () => {
    expect(readFileSync(ERRORS_DOC_PATH, 'utf8')).toBe(renderErrorCatalog());
  });
});
