/** The contract between the orchestrator and a scenario, and the settings a run is made with. */

export interface BenchSettings {
  quick: boolean;
  /** Measured runs per comparison (the median is reported, min–max shown). */
  runs: number;
  /** Seconds of load per measured run, and of warm-up (discarded) before each series. */
  durationSec: number;
  warmupSec: number;
  soakSec: number;
  /** Start gateway children with --cpu-prof into this folder. */
  profileDir?: string;
}

export interface ScenarioTable {
  headers: string[];
  rows: string[][];
}

export interface ScenarioResult {
  goal: string;
  /** null: could not be judged (a prerequisite is missing), said in `verdict`. */
  met: boolean | null;
  /** One line for the summary table: met, or missed and by how much. */
  verdict: string;
  table: ScenarioTable;
  notes: string[];
  figures: Record<string, unknown>;
  runs: unknown[];
}

export interface Scenario {
  name: string;
  title: string;
  run(settings: BenchSettings): Promise<ScenarioResult>;
}
