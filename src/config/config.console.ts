/** The web console's settings: served at /console, on by default in development only. */
import { basename, join } from 'node:path';
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

// This module's folder's parent is src/ under tsx and dist/ when compiled; both lead to <root>/dist/console.
// (Asking the parent's name, not whether the path holds "/dist/", keeps a checkout under any path right.)
const SOURCE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUILT_CONSOLE = basename(SOURCE_ROOT) === 'dist' ? join(SOURCE_ROOT, 'console') : join(SOURCE_ROOT, '..', 'dist', 'console');

export function consoleSettings(
  parsed: { CONSOLE_ENABLED?: 'true' | 'false' | undefined; CONSOLE_DIR?: string | undefined },
  production: boolean,
): ConsoleConfig {
  return {
    enabled: parsed.CONSOLE_ENABLED === undefined ? !production : parsed.CONSOLE_ENABLED === 'true',
    directory: parsed.CONSOLE_DIR ?? BUILT_CONSOLE,
  };
}
