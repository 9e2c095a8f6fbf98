/**
 * writeExport over an earlier export (issue 9, finding 2): only the files its marker lists are replaced or
 * removed, and a run cut short (simulated by a failing rename or write) leaves every file whole and a
 * marker from which the next export recovers.
 */
import { describe, it, expect, vi, beforeEach, afterAll } from 'vitest';
import * as fs from 'node:fs';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeExport, ExportError } from '../../src/app/export.js';

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return { ...real, renameSync: vi.fn(real.renameSync), writeFileSync: vi.fn(real.writeFileSync) };
});
const real = await vi.importActual<typeof import('node:fs')>('node:fs');

/** Makes the n-th call of `fn` from now on throw, as if the process stopped there. */
function interruptAt(fn: typeof renameSync | typeof writeFileSync, n: number) {
  let calls = 0;
  const original = fn === renameSync ? real.renameSync : real.writeFileSync;
  vi.mocked(fn).mockImplementation((...args: unknown[]) => {
    if (++calls === n) throw new Error('simulated interruption');
    return (original as (...a: unknown[]) => unknown)(...args);
  });
}

beforeEach(() => {
  vi.mocked(renameSync).mockImplementation(real.renameSync);
  vi.mocked(writeFileSync).mockImplementation(real.writeFileSync);
});

const root = mkdtempSync(join(tmpdir(), 'crossmesh-export-write-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `x${++n}`);
const quiet = () => {};

function snapshot(dir: string, prefix = ''): Record<string, string> {
  return Object.assign(
    {},
    ...readdirSync(dir).map((f) =>
      statSync(join(dir, f)).isDirectory()
        ? snapshot(join(dir, f), `${prefix}${f}/`)
        : { [`${prefix}${f}`]: readFileSync(join(dir, f), 'utf8') },
    ),
  );
}
const recorded = (dir: string) =>
  readFileSync(join(dir, '.crossmesh-export'), 'utf8')
    .split('\n')
    .filter((l) => l && !l.startsWith('#'));

const OLD = new Map([
  ['README.md', 'old readme\n'],
  ['apply.sh', 'old script\n'],
  ['01-a/README.md', 'old a\n'],
  ['01-a/01-x.yaml', 'old x\n'],
  ['02-b/README.md', 'old b\n'],
  ['02-b/01-gone.yaml', 'old gone\n'],
]);
const NEW = new Map([
  ['README.md', 'new readme\n'],
  ['apply.sh', 'new script\n'],
  ['01-a/README.md', 'new a\n'],
  ['01-a/01-x.yaml', 'new x\n'],
  ['01-a/02-y.yaml', 'new y\n'],
  ['03-c/README.md', 'new c\n'],
]);

describe('writeExport', () => {
  it('into a folder it wrote: replaces and removes only what its marker lists, and reports it', () => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    expect(recorded(dir)).toEqual([...OLD.keys()].sort());
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    writeFileSync(join(dir, '02-b', 'mine.md'), 'mine too\n');
    let said = '';
    const r = writeExport(dir, NEW, (t) => (said += t));
    expect(snapshot(dir)).toEqual({
      ...Object.fromEntries(NEW),
      'notes.txt': 'mine\n',
      '02-b/mine.md': 'mine too\n',
      '.crossmesh-export': expect.any(String),
    });
    expect(recorded(dir)).toEqual([...NEW.keys()].sort());
    expect(r).toMatchObject({
      replaced: ['README.md', 'apply.sh', '01-a/README.md', '01-a/01-x.yaml'],
      removed: ['02-b/01-gone.yaml', '02-b/README.md'],
      kept: ['02-b/mine.md', 'notes.txt'],
      count: NEW.size + 1,
    });
    expect(said).toContain('Replaced 4 files crossmesh wrote there before: README.md, apply.sh, 01-a/README.md, 01-a/01-x.yaml\n');
    expect(said).toContain('Removed 2 files crossmesh wrote before and no longer writes: 02-b/01-gone.yaml, 02-b/README.md\n');
    expect(said).toContain('Kept 2 files crossmesh did not write: 02-b/mine.md, notes.txt\n');
    expect(statSync(join(dir, 'apply.sh')).mode & 0o111).toBe(0o111);
  });

  it('removes a folder it emptied, but not one that still holds a file of the user', () => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    writeExport(dir, NEW, quiet);
    expect(existsSync(join(dir, '02-b'))).toBe(false);
  });

  it('refuses a file in the way that it did not write, naming it, and changes nothing', () => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    writeFileSync(join(dir, '01-a', '02-y.yaml'), "the user's\n");
    mkdirSync(join(dir, '03-c'));
    writeFileSync(join(dir, '03-c', 'README.md'), "also the user's\n");
    const before = snapshot(dir);
    expect(() => writeExport(dir, NEW, quiet)).toThrow(
      new ExportError(
        `${dir} already has 01-a/02-y.yaml, 03-c/README.md, which crossmesh did not write there: move them away or choose another folder. Nothing was written.`,
      ),
    );
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('refuses when one of its own files has become a folder, or a file sits where it needs a folder', () => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    rmSync(join(dir, 'apply.sh'));
    mkdirSync(join(dir, 'apply.sh'));
    writeFileSync(join(dir, '03-c'), 'a file\n');
    expect(() => writeExport(dir, NEW, quiet)).toThrow(/already has apply\.sh, 03-c, which crossmesh did not write there/);
  });

  it('never follows a marker entry out of the folder', () => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    writeFileSync(join(root, 'outside.txt'), 'keep me\n');
    fs.appendFileSync(join(dir, '.crossmesh-export'), `../outside.txt\n${join(root, 'outside.txt')}\n`);
    const r = writeExport(dir, NEW, quiet);
    expect(readFileSync(join(root, 'outside.txt'), 'utf8')).toBe('keep me\n');
    expect(r.removed).not.toContain('../outside.txt');
  });

  it('over the marker of an older crossmesh (no list): replaces the files it writes and keeps every other one', () => {
    const dir = freshDir();
    mkdirSync(dir);
    real.writeFileSync(join(dir, '.crossmesh-export'), 'This folder was written by crossmesh export; crossmesh may replace it.\n');
    real.writeFileSync(join(dir, 'README.md'), 'old\n');
    real.writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = writeExport(dir, NEW, quiet);
    expect(r).toMatchObject({ replaced: ['README.md'], removed: [], kept: ['notes.txt'] });
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('new readme\n');
    expect(recorded(dir)).toEqual([...NEW.keys()].sort());
  });

  it('cut short while writing a new folder: leaves no folder and no temporary folder', () => {
    const dir = freshDir();
    interruptAt(writeFileSync, 3);
    expect(() => writeExport(dir, NEW, quiet)).toThrow(ExportError);
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.each([1, 2, 4, 7, 8])('cut short at move %i over an earlier export: every file whole, and the next export recovers', (at) => {
    const dir = freshDir();
    writeExport(dir, OLD, quiet);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    interruptAt(renameSync, at);
    expect(() => writeExport(dir, NEW, quiet)).toThrow(/could not write .*simulated interruption/);
    vi.mocked(renameSync).mockImplementation(real.renameSync);
    // each file is the old or the new one, never a mix or a part
    for (const [path, text] of Object.entries(snapshot(dir))) {
      if (path === '.crossmesh-export' || path === 'notes.txt') continue;
      expect([OLD.get(path), NEW.get(path)], path).toContain(text);
    }
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(readdirSync(root).filter((f) => f.includes('.tmp-'))).toEqual([]);
    // whatever crossmesh left is claimed by the marker, so the next export is not refused
    writeExport(dir, NEW, quiet);
    expect(snapshot(dir)).toEqual({ ...Object.fromEntries(NEW), 'notes.txt': 'mine\n', '.crossmesh-export': expect.any(String) });
    expect(recorded(dir)).toEqual([...NEW.keys()].sort());
  });
});
