import { createServer } from 'node:net';
import type { GraphQLResponse, Stack } from '../helpers/stack.ts';

/** What one client call ended with: `ok`, an `extensions.code`, or `transport` (no GraphQL answer). */
export type CallOutcome = 'ok' | string;

/** Outcome of a client response: `ok` when it has data and no error, else the first error's code. */
export function outcomeOf(res: GraphQLResponse<unknown>): CallOutcome {
  const first = res.body.errors?.[0];
  if (!first) return res.body.data ? 'ok' : `http_${res.status}`;
  return String(first.extensions?.code ?? 'NO_CODE');
}

/** Counts outcomes, e.g. `{ ok: 198, RATE_LIMITED: 2 }`. */
export function tally(outcomes: readonly CallOutcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const outcome of outcomes) counts[outcome] = (counts[outcome] ?? 0) + 1;
  return counts;
}

/**
 * Runs `task(i)` for i in 0..count-1 with at most `concurrency` at once; resolves with every result in
 * order. A rejected task is recorded as `transport` so one broken socket does not hide the others.
 */
export async function runPool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<Array<T | 'transport'>> {
  const results: Array<T | 'transport'> = new Array(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      try {
        results[index] = await task(index);
      } catch {
        results[index] = 'transport';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** The p-th percentile (0..100) of `values`, nearest-rank; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Sum of one Prometheus counter's samples whose labels contain every `labels` pair. */
export async function metricSum(
  stack: Stack,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(`${stack.base}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const matches = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (matches) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

/**
 * A 127.0.0.1 port that was free a moment ago: an ephemeral listener is opened and closed. Used only where
 * a scenario must restart a listener on the same port (upstream down, then back).
 */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Short, silent-by-default logging for the figures each scenario reports (shown by vitest on stdout). */
export function report(scenario: string, figures: Record<string, unknown>): void {
  console.log(`[resilience] ${scenario}: ${JSON.stringify(figures)}`);
}
