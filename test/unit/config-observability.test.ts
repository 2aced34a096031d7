import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('loadConfig: observability (#10)', () => {
  it('defaults: tracing off, every request logged, 100 operation names, 5 s checks with 2/2 hysteresis', () => {
    expect(loadConfig({}).observability).toEqual({
      tracing: false,
      accessLogSampleRate: 1,
      strictStartup: false,
      maxOperationNames: 100,
      readiness: { intervalMs: 5000, maxBackoffMs: 60_000, failureThreshold: 2, successThreshold: 2 },
    });
  });

  it('reads the variables', () => {
    const config = loadConfig({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
      ACCESS_LOG_SAMPLE_RATE: '0.25',
      STRICT_STARTUP: 'true',
      METRICS_MAX_OPERATION_NAMES: '20',
      READINESS_INTERVAL_MS: '1000',
      READINESS_MAX_BACKOFF_MS: '30000',
      READINESS_FAILURE_THRESHOLD: '3',
      READINESS_SUCCESS_THRESHOLD: '1',
    });
    expect(config.observability).toEqual({
      tracing: true,
      accessLogSampleRate: 0.25,
      strictStartup: true,
      maxOperationNames: 20,
      readiness: { intervalMs: 1000, maxBackoffMs: 30_000, failureThreshold: 3, successThreshold: 1 },
    });
  });

  it('names a bad value', () => {
    expect(() => loadConfig({ ACCESS_LOG_SAMPLE_RATE: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ ACCESS_LOG_SAMPLE_RATE: '2' })).toThrow(
      'ACCESS_LOG_SAMPLE_RATE: expected a number between 0 and 1 (received "2")',
    );
    expect(() => loadConfig({ STRICT_STARTUP: 'maybe' })).toThrow(
      'STRICT_STARTUP: expected true or false (received "maybe")',
    );
  });
});
