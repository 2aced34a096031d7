import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../../bench/measure.ts';
import { failedThresholds, ratiosOf } from '../../../bench/ratios.ts';

function m(target: string, reqPerSec: number, cpuMsPerRequest = 1): Measurement {
  return {
    target,
    query: 'plain list',
    mode: 'repeated',
    reqPerSec,
    p50: 1,
    p99: 2,
    requests: reqPerSec,
    failed: 0,
    cpuMsPerRequest,
    simulatorCpuMsPerRequest: 0,
    upstreamPerRequest: 1,
  };
}

describe('bench ratios', () => {
  it('computes each ratio per round and takes the median over every round, a zero round included', () => {
    const rounds = [
      [m('direct', 100), m('subgraph', 50, 2), m('hive-gateway (dedup off)', 10, 1)],
      [m('direct', 100), m('subgraph', 0, 2), m('hive-gateway (dedup off)', 10, 1)],
      [m('direct', 100), m('subgraph', 120, 4), m('hive-gateway (dedup off)', 10, 1)],
    ];
    const results = ratiosOf(rounds);
    const direct = results.find((r) => r.ratio === 'req/s subgraph ÷ direct')!;
    expect(direct.rounds).toEqual([0.5, 0, 1.2]);
    expect(direct.median).toBe(0.5);
    const cpu = results.find((r) => r.ratio === 'CPU/request hive-gateway (dedup off) ÷ subgraph')!;
    expect(cpu.rounds).toEqual([0.5, 0.5, 0.25]);
    expect(
      failedThresholds(results, [{ query: 'plain list', mode: 'repeated', ratio: direct.ratio, min: 0.6 }]),
    ).toEqual(['plain list (repeated) req/s subgraph ÷ direct: 0.50 < 0.6']);
    expect(
      failedThresholds(results, [{ query: 'plain list', mode: 'unique', ratio: direct.ratio, min: 0.1 }]),
    ).toEqual(['plain list (unique) req/s subgraph ÷ direct: not measured']);
  });
});
