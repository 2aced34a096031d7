import type { Measurement } from './measure.ts';
import { median } from './median.ts';
import type { TargetName } from './targets.ts';
import type { Mode } from './workload.ts';

/** A ratio between two targets' figures, computed per round (higher is better for the subgraph). */
export interface RatioSpec {
  name: string;
  numerator: TargetName;
  denominator: TargetName;
  metric: 'reqPerSec' | 'cpuMsPerRequest' | 'upstreamPerRequest';
  /** For costs (CPU, upstream requests) the ratio is denominator/numerator: higher still means "the subgraph does better". */
  inverse?: boolean;
}

export const RATIOS: readonly RatioSpec[] = [
  {
    name: 'upstream requests/request direct ÷ subgraph',
    numerator: 'subgraph',
    denominator: 'direct',
    metric: 'upstreamPerRequest',
    inverse: true,
  },
  { name: 'req/s subgraph ÷ direct', numerator: 'subgraph', denominator: 'direct', metric: 'reqPerSec' },
  {
    name: 'req/s subgraph ÷ hive-gateway',
    numerator: 'subgraph',
    denominator: 'hive-gateway',
    metric: 'reqPerSec',
  },
  {
    name: 'req/s subgraph ÷ yoga+wrapSchema',
    numerator: 'subgraph',
    denominator: 'yoga+wrapSchema',
    metric: 'reqPerSec',
  },
  {
    name: 'CPU/request hive-gateway (dedup off) ÷ subgraph',
    numerator: 'subgraph',
    denominator: 'hive-gateway (dedup off)',
    metric: 'cpuMsPerRequest',
    inverse: true,
  },
  {
    name: 'CPU/request baseline ÷ subgraph',
    numerator: 'subgraph',
    denominator: 'subgraph (baseline)',
    metric: 'cpuMsPerRequest',
    inverse: true,
  },
  {
    name: 'req/s governor defaults ÷ subgraph',
    numerator: 'subgraph (governor defaults)',
    denominator: 'subgraph',
    metric: 'reqPerSec',
  },
];

/** A ratio's value in each round and its median over the rounds. */
export interface RatioResult {
  query: string;
  mode: Mode;
  ratio: string;
  rounds: number[];
  median: number;
}

/** Every ratio whose two targets were measured, per query and mode. */
export function ratiosOf(rounds: readonly Measurement[][]): RatioResult[] {
  const results: RatioResult[] = [];
  const cases = new Map<string, { query: string; mode: Mode }>();
  for (const m of rounds.flat()) cases.set(`${m.query}\u0000${m.mode}`, { query: m.query, mode: m.mode });
  for (const { query, mode } of cases.values()) {
    for (const spec of RATIOS) {
      const values: number[] = [];
      for (const round of rounds) {
        const find = (target: string) =>
          round.find((m) => m.target === target && m.query === query && m.mode === mode);
        const num = find(spec.numerator)?.[spec.metric];
        const den = find(spec.denominator)?.[spec.metric];
        if (num === undefined || den === undefined) continue;
        // A target that completed nothing in a round scores 0 there (not a skipped round, which would
        // leave an even number of rounds); a ratio over nothing is meaningless and is skipped.
        const [top, bottom] = spec.inverse ? [den, num] : [num, den];
        values.push(bottom === 0 ? 0 : top / bottom);
      }
      if (values.length > 0)
        results.push({ query, mode, ratio: spec.name, rounds: values, median: median(values) });
    }
  }
  return results;
}

/** A minimum a ratio must reach in the CI mode (never absolute times). */
export interface Threshold {
  query: string;
  mode: Mode;
  ratio: string;
  min: number;
}

/**
 * The CI mode's floors. Against Hive Gateway (another Node proxy on the same machine) rather than against
 * the much lighter simulator, whose ratio swings most with the machine's load; and one count-based ratio
 * that catches a lost de-duplication whatever the load.
 */
export const CI_THRESHOLDS: readonly Threshold[] = [
  { query: 'plain list', mode: 'repeated', ratio: 'upstream requests/request direct ÷ subgraph', min: 3 },
  { query: 'plain list', mode: 'repeated', ratio: 'req/s subgraph ÷ hive-gateway', min: 0.25 },
  { query: 'plain list', mode: 'unique', ratio: 'req/s subgraph ÷ hive-gateway', min: 0.25 },
  { query: 'nested + computed', mode: 'unique', ratio: 'req/s subgraph ÷ hive-gateway', min: 0.15 },
];

/** The thresholds a result set fails (a threshold without a measured ratio fails too). */
export function failedThresholds(
  results: readonly RatioResult[],
  thresholds: readonly Threshold[],
): string[] {
  return thresholds.flatMap((t) => {
    const found = results.find((r) => r.query === t.query && r.mode === t.mode && r.ratio === t.ratio);
    if (!found) return [`${t.query} (${t.mode}) ${t.ratio}: not measured`];
    return found.median < t.min
      ? [`${t.query} (${t.mode}) ${t.ratio}: ${found.median.toFixed(2)} < ${t.min}`]
      : [];
  });
}
