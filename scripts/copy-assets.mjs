/**
 * `npm run build` step 2: copies the files the compiled code reads at run time (tsc emits only
 * JavaScript) from src/ to the same place under dist/, e.g. the trained document-type model that
 * dist/detection/doc-type.classifier.js opens beside itself. Plain Node, no dependencies.
 */
import { cpSync, existsSync, globSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const source = join(root, 'src');
const target = join(root, 'dist');

// Globs under src/ whose matches are needed beside the compiled modules.
const ASSETS = ['detection/model/*.json', 'local/analysers/model/*.json'];

if (!existsSync(target)) {
  process.stderr.write('dist/ does not exist: run tsc first (npm run build)\n');
  process.exit(1);
}

let copied = 0;
for (const pattern of ASSETS) {
  const matches = globSync(pattern, { cwd: source });
  if (matches.length === 0) {
    process.stderr.write(`no files match src/${pattern}\n`);
    process.exit(1);
  }
  for (const file of matches) {
    const to = join(target, file);
    mkdirSync(dirname(to), { recursive: true });
    cpSync(join(source, file), to);
    copied += 1;
    process.stdout.write(`copied ${relative(root, join(source, file))} -> ${relative(root, to)}\n`);
  }
}
process.stdout.write(`${copied} asset(s) copied\n`);
