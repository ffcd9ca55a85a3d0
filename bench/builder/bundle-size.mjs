// The production size of the canvas route: what the browser loads when a flow opens beyond what
// every page already loaded (the files index.html names and their static imports). That is the
// editor's chunk (FlowEditor-*.js, loaded by the small canvas page), the chunks it imports
// statically and its style sheet, raw and gzipped; and apart from those, the chunks the editor
// loads only when asked (its lazy imports, e.g. dagre for auto-layout).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** `from"./x.js"`, `import"./x.js"` and `import(\`./x.js\`)` in a built chunk. */
const IMPORTS = /(?:from\s*|import\s*\(?\s*)["'`]\.\/([^"'`]+\.js)["'`]/g;
/** Files Vite preloads with a lazy import (`__vite__mapDeps`), js and css. */
const PRELOADS = /["'`]assets\/([^"'`]+\.(?:js|css))["'`]/g;

function sizeOf(directory, file) {
  const bytes = readFileSync(path.join(directory, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function closure(assets, start, { lazy, stopAt = new Set() }) {
  const found = new Set(start);
  for (const file of found) {
    if (!file.endsWith('.js') || stopAt.has(file)) continue;
    const code = readFileSync(path.join(assets, file), 'utf8');
    for (const [whole, imported] of code.matchAll(IMPORTS)) if (lazy || !whole.includes('(')) found.add(imported);
    if (lazy) for (const [, preloaded] of code.matchAll(PRELOADS)) found.add(preloaded);
  }
  return found;
}

/** Sizes of the canvas route's files in apps/builder/dist/assets, and of what every page loads. */
export function canvasBundle(dist) {
  const assets = path.join(dist, 'assets');
  if (!existsSync(assets)) throw new Error(`${assets} is missing: run \`npm run build -w @retain/builder\` first.`);
  const files = new Set(readdirSync(assets));
  // the editor's chunk (and the page's, when the page is a chunk of its own)
  const start = [...files].filter((f) => /^FlowEditor(Page)?-.*\.js$/.test(f));
  if (!start.length) throw new Error(`No FlowEditor-*.js in ${assets}: is this a build of the builder?`);

  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const named = [...html.matchAll(/\/assets\/([^"']+\.(?:js|css))/g)].map((m) => m[1]);
  const everyPage = closure(assets, named, { lazy: false });
  const routeFiles = closure(assets, start, { lazy: false, stopAt: everyPage });
  // the route's own style sheet is preloaded by the entry chunk's lazy import of the editor
  for (const file of files) if (/^FlowEditor(Page)?-.*\.css$/.test(file)) routeFiles.add(file);
  const laterFiles = closure(assets, start, { lazy: true, stopAt: everyPage });
  const route = [...routeFiles].filter((file) => files.has(file) && !everyPage.has(file)).map((file) => sizeOf(assets, file));
  const later = [...laterFiles].filter((file) => files.has(file) && !everyPage.has(file) && !routeFiles.has(file)).map((file) => sizeOf(assets, file));
  const sum = (list) => list.reduce((total, f) => ({ raw: total.raw + f.raw, gzip: total.gzip + f.gzip }), { raw: 0, gzip: 0 });
  const shared = [...everyPage].filter((file) => files.has(file)).map((file) => sizeOf(assets, file));
  return { route, total: sum(route), onDemand: { files: later, ...sum(later) }, everyPage: { files: shared.map((f) => f.file), ...sum(shared) } };
}
