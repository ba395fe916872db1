/** One progress line: bar, counts, rate, cost so far and time left. Pure, so its arithmetic is testable. */

export interface ProgressState {
  total: number;
  completed: number;
  failed: number;
  actualUsd: number;
  status: string;
  /** ms since the first document was recorded (or since submit). */
  elapsedMs: number;
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Cents and up to 4 places; below a cent, 6 (a SageMaker-only document costs fractions of a cent). */
export function usd(value: number): string {
  return `$${value.toFixed(value > 0 && value < 0.01 ? 6 : 4)}`;
}

export function progressLine(state: ProgressState, width = 30): string {
  const done = state.completed + state.failed;
  const fraction = state.total === 0 ? 1 : done / state.total;
  const filled = Math.round(fraction * width);
  const rate = state.elapsedMs > 0 ? done / (state.elapsedMs / 1000) : 0;
  const left = rate > 0 ? (state.total - done) / rate : Number.POSITIVE_INFINITY;
  return [
    `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`,
    `${done}/${state.total}`,
    state.failed > 0 ? `(${state.failed} failed)` : '',
    `${rate.toFixed(1)} docs/s`,
    usd(state.actualUsd),
    done >= state.total ? state.status : `${duration(left)} left`,
  ]
    .filter((part) => part !== '')
    .join(' ');
}
