/**
 * Builds the web console (console/, Vite) into dist/console. `--if-stale` (what `npm start` and the
 * test suite use) builds only when dist/console is missing or older than the console's sources, so
 * `npm ci && npm start` serves a console without a separate build step. The build goes to a
 * temporary folder that is renamed into place, so two processes starting at once cannot serve a
 * half-written console.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = [join(root, 'console/src'), join(root, 'console/index.html'), join(root, 'console/vite.config.ts')];
const target = join(root, 'dist/console');

function newestModification(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newestModification(join(path, name))));
}

export function consoleIsStale() {
  const index = join(target, 'index.html');
  if (!existsSync(index)) return true;
  return Math.max(...sources.map(newestModification)) > statSync(index).mtimeMs;
}

export async function buildConsole({ quiet = false } = {}) {
  const { build } = await import('vite');
  const dist = join(root, 'dist');
  mkdirSync(dist, { recursive: true });
  const staging = mkdtempSync(join(dist, '.console-'));
  await build({
    configFile: join(root, 'console/vite.config.ts'),
    logLevel: quiet ? 'error' : 'info',
    build: { outDir: staging, emptyOutDir: true },
  });
  const retired = `${staging}-old`;
  try {
    if (existsSync(target)) renameSync(target, retired);
    renameSync(staging, target);
  } catch {
    // Another process put its build in place first; it was built from the same sources.
  } finally {
    rmSync(staging, { recursive: true, force: true });
    rmSync(retired, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (process.argv.includes('--if-stale') && !consoleIsStale()) process.exit(0);
  await buildConsole({ quiet: process.argv.includes('--quiet') });
}
