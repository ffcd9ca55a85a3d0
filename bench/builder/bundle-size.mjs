// The production size of the canvas route: the FlowEditorPage chunk and every chunk and style
// sheet it imports (statically or lazily), raw and gzipped. The entry chunk (index-*.js), which
// every page loads anyway, is listed apart.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const IMPORTED = /(?:from\s*|import\s*\(\s*|import\s*)["']\.\/([^"']+\.js)["']/g;

function sizeOf(directory, file) {
  const bytes = readFileSync(path.join(directory, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Sizes of the canvas route's files in apps/builder/dist/assets. */
export function canvasBundle(dist) {
  const assets = path.join(dist, 'assets');
  if (!existsSync(assets)) throw new Error(`${assets} is missing: run \`npm run build -w @retain/builder\` first.`);
  const files = readdirSync(assets);
  const entry = files.find((f) => /^index-.*\.js$/.test(f));
  const page = files.find((f) => /^FlowEditorPage-.*\.js$/.test(f));
  if (!page || !entry) throw new Error(`No FlowEditorPage-*.js or index-*.js in ${assets}: is this a build of the builder?`);

  const chunks = new Set([page]);
  for (const file of chunks) {
    const code = readFileSync(path.join(assets, file), 'utf8');
    for (const [, imported] of code.matchAll(IMPORTED)) if (imported !== entry && files.includes(imported)) chunks.add(imported);
  }
  const styles = files.filter((f) => f.endsWith('.css') && [...chunks].some((chunk) => f.startsWith(chunk.split('-')[0] + '-')));
  const route = [...chunks, ...styles].map((file) => sizeOf(assets, file));
  const total = route.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { route, total, entry: sizeOf(assets, entry) };
}
