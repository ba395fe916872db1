/** Percentiles, medians and spreads, and the number formats the report uses. */

/** Linear interpolation between closest ranks (as numpy's default). `sorted` ascending. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] ?? Number.NaN;
  const highValue = sorted[high] ?? lowValue;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
  samples: number;
}

export function latencyPercentiles(latencies: readonly number[]): LatencyPercentiles {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), samples: sorted.length };
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { median: percentile(sorted, 50), min: sorted[0] ?? Number.NaN, max: sorted[sorted.length - 1] ?? Number.NaN };
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** "1234 (1180–1290)" for a median and its spread over runs. */
export function showSpread(value: Spread, digits = 0, unit = ''): string {
  if (Number.isNaN(value.median)) return 'n/a';
  const f = (n: number) => n.toFixed(digits);
  if (value.min === value.max) return `${f(value.median)}${unit}`;
  return `${f(value.median)}${unit} (${f(value.min)}–${f(value.max)})`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The median of per-run percentiles, with their spread. */
export function percentileSpreads(runs: readonly LatencyPercentiles[]): Record<'p50' | 'p90' | 'p99', Spread> {
  return {
    p50: spread(runs.map((run) => run.p50)),
    p90: spread(runs.map((run) => run.p90)),
    p99: spread(runs.map((run) => run.p99)),
  };
}
