export function consoleIsStale(): boolean;
export function buildConsole(options?: { quiet?: boolean }): Promise<void>;
