/**
 * `tsx bench/support/profile-summary.ts <file.cpuprofile> [top]`: where a gateway profile (from
 * `npm run bench -- --profile`) spends its self time, by function and by package or source file.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

/** node_modules/<package> (scoped too), or the path under the repository, or a Node internal. */
function owner(url: string): string {
  if (url === '') return '(native / idle / gc)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1]) return modules[1];
  if (url.startsWith('node:')) return url;
  const repo = /\/(src|bench|test)\/(.+)$/.exec(url);
  return repo ? `${repo[1]}/${repo[2]}` : url;
}

function summarise(profile: CpuProfile, top: number): string {
  const totalHits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / Math.max(1, totalHits);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'}  ${owner(url)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + hits);
    byOwner.set(owner(url), (byOwner.get(owner(url)) ?? 0) + hits);
  }
  const lines = (map: Map<string, number>) =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, hits]) => `${((hits / totalHits) * 100).toFixed(1).padStart(5)}%  ${(hits * msPerHit).toFixed(0).padStart(7)} ms  ${name}`,
      );
  return [
    `profile: ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, ${totalHits} samples`,
    '',
    'self time by package / file:',
    ...lines(byOwner),
    '',
    'self time by function:',
    ...lines(byFunction),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: tsx bench/support/profile-summary.ts <file.cpuprofile> [top]');
  process.stdout.write(`${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, Number(process.argv[3] ?? 25))}\n`);
}
