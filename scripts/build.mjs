// Bundles the CLI for Node 20: dist/crossmesh.js plus chunks it loads on demand, so commands that
// never open the full-screen wizard (plan, apply, --version) do not parse Ink and React at all.
import { build } from 'esbuild';
import { readFileSync, chmodSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// ink only uses react-devtools-core when DEV=true; an empty stand-in keeps it out of the bundle
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: 'export default { initialize() {}, connectToDevTools() {} };',
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/bin.ts'],
  outdir: 'dist',
  entryNames: 'crossmesh',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  jsx: 'automatic',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  // yoga-layout (Ink's layout engine) asks `typeof fetch` while it loads its WebAssembly, and on Node
  // that first touch of fetch loads undici (about 80 ms before the first frame); crossmesh never
  // fetches, so fetch is left out of the bundle and yoga instantiates its inline bytes directly
  define: { __CROSSMESH_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"', fetch: 'undefined' },
  plugins: [noDevtools],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/crossmesh.js', 0o755);
