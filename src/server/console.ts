/**
 * Serves the built web console at /console: files read once into memory on first use, a strict
 * Content-Security-Policy (nothing from another origin; the bundle's fonts are data: URLs), and
 * index.html for every path that is not a file (the console routes by hash, but a reload of a
 * deep link must still land on the app).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import type { ConsoleConfig } from '../config/config.console.js';

export const CONSOLE_PATH = '/console';

export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

interface ConsoleFile {
  body: Buffer;
  type: string;
  etag: string;
  immutable: boolean;
}

async function listFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

async function loadConsole(directory: string): Promise<Map<string, ConsoleFile>> {
  const files = new Map<string, ConsoleFile>();
  for (const path of await listFiles(directory)) {
    const name = relative(directory, path).split(sep).join('/');
    const body = await readFile(path);
    files.set(`/${name}`, {
      body,
      type: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      // Vite names assets by their content hash, so they never change under the same name.
      immutable: name.startsWith('assets/'),
    });
  }
  return files;
}

export interface ConsoleHandler {
  /** Answers a request under /console; `pathname` is already decoded and checked by the caller. */
  serve(pathname: string, method: string, ifNoneMatch: string | undefined, res: ServerResponse): Promise<void>;
}

export function createConsoleHandler(config: ConsoleConfig): ConsoleHandler {
  let loading: Promise<Map<string, ConsoleFile> | undefined> | undefined;
  const files = () => {
    loading ??= loadConsole(config.directory).catch(() => undefined);
    return loading;
  };
  return {
    async serve(pathname, method, ifNoneMatch, res) {
      if (method !== 'GET' && method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD', 'content-length': 0 }).end();
        return;
      }
      if (pathname === CONSOLE_PATH) {
        res.writeHead(301, { location: `${CONSOLE_PATH}/`, 'content-length': 0 }).end();
        return;
      }
      const built = await files();
      if (!built) {
        // Not built yet, e.g. a checkout where `npm run build` never ran; a later request retries.
        loading = undefined;
        const text = 'The console is not built: run `npm run build`.\n';
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text) }).end(text);
        return;
      }
      const name = pathname.slice(CONSOLE_PATH.length) || '/';
      const file = built.get(name) ?? (name.startsWith('/assets/') ? undefined : built.get('/index.html'));
      if (!file) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 10 }).end('not found\n');
        return;
      }
      const headers = {
        'content-type': file.type,
        'content-security-policy': CONSOLE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cache-control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        etag: file.etag,
      };
      if (ifNoneMatch === file.etag) {
        res.writeHead(304, headers).end();
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': file.body.length });
      res.end(method === 'HEAD' ? undefined : file.body);
    },
  };
}
