/** The web console's settings: served at /console, on by default in development only. */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export interface ConsoleConfig {
  enabled: boolean;
  /** The built console (index.html and assets/), as `npm run build` writes it. */
  directory: string;
}

export const consoleEnvShape = {
  CONSOLE_ENABLED: z.enum(['true', 'false']).optional(),
  CONSOLE_DIR: z.string().min(1).optional(),
};

// src/config/ under tsx and dist/config/ when compiled both lead to <root>/dist/console.
const BUILT_CONSOLE = fileURLToPath(new URL(import.meta.url.includes('/dist/') ? '../console' : '../../dist/console', import.meta.url));

export function consoleSettings(
  parsed: { CONSOLE_ENABLED?: 'true' | 'false' | undefined; CONSOLE_DIR?: string | undefined },
  production: boolean,
): ConsoleConfig {
  return {
    enabled: parsed.CONSOLE_ENABLED === undefined ? !production : parsed.CONSOLE_ENABLED === 'true',
    directory: parsed.CONSOLE_DIR ?? BUILT_CONSOLE,
  };
}
