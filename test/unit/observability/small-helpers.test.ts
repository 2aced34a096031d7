import { describe, expect, it } from 'vitest';
import { mintFailureKind } from '../../../src/observability/mint-failure-kind.ts';
import type { ReadinessSnapshot } from '../../../src/observability/readiness-monitor.ts';
import { requestIdFrom, traceIdFrom } from '../../../src/observability/request-id.ts';
import { startupVerdict } from '../../../src/observability/startup-check.ts';
import { tracesUrl, tracingRequested } from '../../../src/observability/tracing-env.ts';

describe('requestIdFrom', () => {
  it('keeps an acceptable id and replaces anything else by a UUID', () => {
    expect(requestIdFrom('req-abc-123')).toBe('req-abc-123');
    expect(requestIdFrom('a/b:c@d=e+f_g.h')).toBe('a/b:c@d=e+f_g.h');
    for (const bad of [null, '', 'has space', 'quote"', 'x'.repeat(129), 'é']) {
      expect(requestIdFrom(bad)).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});

describe('traceIdFrom', () => {
  it('reads the trace id of a valid W3C traceparent only', () => {
    expect(traceIdFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toBe(
      '4bf92f3577b34da6a3ce929d0e0e4736',
    );
    expect(traceIdFrom(null)).toBeUndefined();
    expect(traceIdFrom('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBeUndefined();
    expect(traceIdFrom('00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01')).toBeUndefined();
    expect(traceIdFrom('garbage')).toBeUndefined();
  });
});

describe('mintFailureKind', () => {
  it.each([
    [{ status: 401, reason: 'auth endpoint refused the credentials (HTTP 401)' }, 'refused'],
    [{ status: 403 }, 'refused'],
    [{ status: 503, reason: 'auth endpoint answered HTTP 503' }, 'http_error'],
    [{ status: 200, reason: 'auth endpoint answered without a JWT' }, 'bad_response'],
    [{ reason: 'auth endpoint timed out after 10000 ms' }, 'timeout'],
    [{ reason: 'auth endpoint unreachable (ECONNREFUSED)' }, 'unreachable'],
    [{ reason: 'auth endpoint connection failed while reading the body' }, 'unreachable'],
    [{ reason: 'auth endpoint circuit open (auth)', circuitOpen: true }, 'circuit_open'],
    [{ reason: 'token provider disposed' }, 'other'],
  ] as const)('%j → %s', (event, kind) => {
    expect(mintFailureKind(event)).toBe(kind);
  });
});

describe('tracingRequested / tracesUrl', () => {
  it('is off by default and on with an OTLP endpoint or OTEL_TRACES_EXPORTER=otlp', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c' })).toBe(
      false,
    );
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' })).toBe(false);
  });

  it('follows the SDK rule for the traces URL', () => {
    expect(tracesUrl({})).toBe('http://localhost:4318/v1/traces');
    expect(tracesUrl({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(
      tracesUrl({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://t/x',
      }),
    ).toBe('http://t/x');
  });
});

describe('startupVerdict', () => {
  const snapshot = (state: ReadinessSnapshot['state'], detail = 'd'): ReadinessSnapshot => ({
    ready: state === 'ready',
    state,
    mode: 'production',
    since: '',
    checkedAt: null,
    checks: { auth: { ok: false, detail }, graphql: { ok: false, detail } },
  });

  it('continues when ready, warns on unreachable endpoints, and exits on refused credentials only when strict', () => {
    expect(startupVerdict(snapshot('ready'), true)).toEqual({ action: 'continue' });
    expect(startupVerdict(snapshot('graphql_unreachable', 'x'), true)).toEqual({
      action: 'warn',
      message: 'The Boomi GraphQL endpoint (BOOMI_GRAPHQL_URL) is not reachable at start-up: x.',
    });
    expect(startupVerdict(snapshot('auth_unreachable', 'y'), true).message).toContain('BOOMI_AUTH_URL');
    const lenient = startupVerdict(
      snapshot('credentials_refused', 'Boomi refused the credentials (HTTP 401)'),
      false,
    );
    expect(lenient).toEqual({
      action: 'warn',
      message:
        'Boomi refused the credentials (HTTP 401). BOOMI_API_TOKEN (with BOOMI_USERNAME, account BOOMI_ACCOUNT_ID) was refused by the Boomi auth endpoint.',
    });
    const strict = startupVerdict(
      snapshot('credentials_refused', 'Boomi refused the credentials (HTTP 401)'),
      true,
    );
    expect(strict.action).toBe('exit');
    expect(strict.message).toContain('; exiting because STRICT_STARTUP=true');
  });
});
