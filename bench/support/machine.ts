/** What the numbers were measured on. */
import { cpus, loadavg, type as osType, release, totalmem } from 'node:os';

export interface MachineInfo {
  cores: number;
  cpuModel: string;
  node: string;
  os: string;
  totalMemory: number;
  /** 1, 5 and 15 minute load averages when the run started: above `cores` means the numbers are noisy. */
  loadAverageAtStart: number[];
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    cores: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    node: process.version,
    os: `${osType()} ${release()}`,
    totalMemory: totalmem(),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
