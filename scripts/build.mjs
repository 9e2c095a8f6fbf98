// Bundles the CLI into one file, dist/crossmesh.js, that runs on Node 20.
import { build } from 'esbuild';
import { readFileSync, chmodSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// ink only uses react-devtools-core when DEV=true; an empty stand-in keeps it out of the bundle
const noDevtools = {
  name: 'no-react-devtools',
  setup(b) {
    b.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: 'react-devtools-core', namespace: 'stub' }));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default { initialize() {}, connectToDevTools() {} };', loader: 'js' }));
  },
};

await build({
  entryPoints: ['src/bin.ts'],
  outfile: 'dist/crossmesh.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  jsx: 'automatic',
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: 'none',
  define: { __CROSSMESH_VERSION__: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  plugins: [noDevtools],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __cmCreateRequire } from 'node:module'; const require = __cmCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
chmodSync('dist/crossmesh.js', 0o755);
