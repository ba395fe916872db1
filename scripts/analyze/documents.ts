/** The files a run sends: every file under the given paths, read as a job document. */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export interface FileDocument {
  path: string;
  content: string;
}

const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.text']);

/** Every regular file under `paths` (folders recursively), in a stable order. */
export async function filesUnder(paths: string[]): Promise<string[]> {
  const found: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
      for (const entry of entries) await visit(join(path, entry));
    } else if (info.isFile()) {
      found.push(path);
    }
  };
  for (const path of paths) await visit(path);
  return found;
}

/**
 * Text files go as `content`. TODO(file input): PDF, DOCX, HTML and the rest go as the `file` input
 * (bytes, type detected by the gateway) once that input is on the graph; until then they are skipped
 * with a note rather than sent as mangled text.
 */
export async function documentFor(path: string): Promise<FileDocument | { path: string; skipped: string }> {
  const extension = extname(path).toLowerCase();
  if (!TEXT_EXTENSIONS.has(extension)) return { path, skipped: `${extension || 'no extension'}: only text files (.txt, .md) for now` };
  const content = await readFile(path, 'utf8');
  if (content.trim().length === 0) return { path, skipped: 'empty' };
  return { path, content };
}
