import type { LoadSettings, Measurement } from './measure.ts';
import { median } from './median.ts';
import type { RatioResult } from './ratios.ts';

export interface ReportInput {
  measured: Measurement[][];
  ratios: RatioResult[];
  rss: Record<string, number>;
  settings: LoadSettings;
  rounds: number;
  load: Array<{ load1: number; cores: number }>;
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** Per query and mode, each target's figures (the median of each figure over the rounds). */
function figuresTable(measured: Measurement[][]): string {
  const all = measured.flat();
  const keys = [...new Set(all.map((m) => `${m.query}\u0000${m.mode}\u0000${m.target}`))];
  const lines = [
    '| query | mode | target | req/s | p50 ms | p99 ms | CPU ms/req (target) | CPU ms/req (simulator) | upstream/req | failed |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const key of keys) {
    const [query, mode, target] = key.split('\u0000') as [string, string, string];
    const runs = all.filter((m) => m.query === query && m.mode === mode && m.target === target);
    const med = (pick: (m: Measurement) => number) => median(runs.map(pick));
    lines.push(
      `| ${query} | ${mode} | ${target} | ${Math.round(med((m) => m.reqPerSec))} | ${med((m) => m.p50)} | ${med((m) => m.p99)} | ` +
        `${fixed(med((m) => m.cpuMsPerRequest))} | ${fixed(med((m) => m.simulatorCpuMsPerRequest))} | ` +
        `${fixed(
          med((m) => m.upstreamPerRequest),
          3,
        )} | ${runs.reduce((s, m) => s + m.failed, 0)} |`,
    );
  }
  return lines.join('\n');
}

function ratiosTable(ratios: RatioResult[]): string {
  const lines = ['| query | mode | ratio | median | rounds |', '|---|---|---|---:|---|'];
  for (const r of ratios) {
    lines.push(
      `| ${r.query} | ${r.mode} | ${r.ratio} | ${fixed(r.median)} | ${r.rounds.map((v) => fixed(v)).join(', ')} |`,
    );
  }
  return lines.join('\n');
}

/** The run as Markdown: settings and load, figures, ratios, peak RSS. */
export function renderReport(input: ReportInput): string {
  const { settings, rounds, load } = input;
  const rss = Object.entries(input.rss)
    .map(([name, mib]) => `| ${name} | ${mib} |`)
    .join('\n');
  return [
    `Run at ${new Date().toISOString()}: ${settings.connections} connections (mutation: 2), ${settings.warmup}s warm-up + ` +
      `${settings.duration}s per run, ${rounds} rounds (order rotated each round); load average ${load[0]?.load1} before, ` +
      `${load[1]?.load1} after, ${load[0]?.cores} cores.`,
    '',
    figuresTable(input.measured),
    '',
    'Ratios per round and their median (higher is better for the subgraph):',
    '',
    ratiosTable(input.ratios),
    '',
    '| process | peak RSS MiB |',
    '|---|---:|',
    rss,
    '',
  ].join('\n');
}
