import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The layers, lowest first. A module may import from its own layer or from any layer listed
 * before it; an import the other way is an upward import and fails this test.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ['src/lib'],
  ['src/config'],
  ['src/adapter'],
  ['src/model'],
  ['src/state'],
  ['src/cluster'],
  ['steps'],
  ['src/engine', 'src/render'],
  ['src/app'],
  ['src/plain', 'src/tui', 'components'],
  ['src/cli'],
  ['src/bin.ts'],
];

/** Rooms that share a rank but must not import each other (the two front ends, engine and drawing). */
const SEPARATE: readonly (readonly [string, string])[] = [
  ['src/plain', 'src/tui'],
  ['src/plain', 'components'],
  ['src/engine', 'src/render'],
];

export function roomOf(file: string): string | undefined {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return LAYERS.flat().find((room) => rel === room || rel.startsWith(`${room}/`));
}

function rankOf(room: string): number {
  return LAYERS.findIndex((rooms) => rooms.includes(room));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;

export interface Edge {
  from: string;
  to: string;
}

export function upwardImports(files: string[], read: (file: string) => string = (f) => readFileSync(f, 'utf8')): Edge[] {
  const found: Edge[] = [];
  for (const file of files) {
    const fromRoom = roomOf(file);
    if (!fromRoom) continue;
    for (const match of read(file).matchAll(IMPORT)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      const toRoom = roomOf(target);
      if (!toRoom || toRoom === fromRoom) continue;
      const upward = rankOf(toRoom) > rankOf(fromRoom);
      const separate = SEPARATE.some(([a, b]) => (a === fromRoom && b === toRoom) || (a === toRoom && b === fromRoom));
      if (upward || separate) found.push({ from: path.relative(root, file), to: path.relative(root, target) });
    }
  }
  return found;
}

const product = [
  ...sourceFiles(path.join(root, 'src')),
  ...sourceFiles(path.join(root, 'steps')),
  ...sourceFiles(path.join(root, 'components')),
];

describe('layers', () => {
  it('every product file belongs to a layer', () => {
    expect(product.filter((f) => !roomOf(f)).map((f) => path.relative(root, f))).toEqual([]);
  });

  it('no module imports from a higher layer or from a separate room of its own rank', () => {
    expect(upwardImports(product)).toEqual([]);
  });

  it('the rule catches an upward import, a dynamic one and one between the two front ends', () => {
    const texts: Record<string, string> = {
      [path.join(root, 'src/model/types.ts')]: `import type { Engine } from '../engine/engine.js';`,
      [path.join(root, 'src/cluster/read.ts')]: `const m = await import('../app/status.js');`,
      [path.join(root, 'src/plain/askers.ts')]: `import { x } from '../tui/state.js';`,
      [path.join(root, 'src/engine/engine.ts')]: `import { y } from '../model/types.js';`,
    };
    const edges = upwardImports(Object.keys(texts), (f) => texts[f]!);
    expect(edges.map((e) => e.to)).toEqual(['src/engine/engine.js', 'src/app/status.js', 'src/tui/state.js']);
  });
});
