/**
 * Issue 9, finding 2, through the built CLI: exporting again into a folder crossmesh wrote replaces only
 * the files it wrote there (listed in its marker), removes those it no longer writes, keeps every other
 * file, says which is which, and refuses without writing anything when a file it would write is not its own.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtCli, type BuiltCli } from './built.js';

let cli: BuiltCli;
beforeAll(async () => {
  cli = await builtCli('crossmesh-export-again-');
  writeFileSync(join(cli.work, 'no-zone2.yaml'), 'echo:\n  inZone2: false\n');
});
afterAll(() => cli?.dispose());

/** Every file under `dir` with its content, to compare a folder before and after. */
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

describe('crossmesh export DIR into a folder it wrote before', () => {
  it('keeps a file the user added, replaces its own files, removes the ones it no longer writes, and says so', async () => {
    const dir = join(cli.work, 'again');
    const first = await cli.run(['export', dir, '--handout']);
    expect(first.code, first.stderr).toBe(0);
    const firstFiles = Object.keys(snapshot(dir))
      .filter((f) => f !== '.crossmesh-export')
      .sort();
    expect(recorded(dir)).toEqual(firstFiles);

    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    writeFileSync(join(dir, '05-workloads', 'questions.md'), 'why two echo pods?\n');
    writeFileSync(join(dir, 'apply.sh'), '#!/usr/bin/env bash\necho edited\n');
    const stale = ['05-workloads/05-cluster2-service-echo.yaml', '05-workloads/06-cluster2-deployment-echo.yaml'];
    for (const f of stale) expect(existsSync(join(dir, f)), f).toBe(true);

    // without --handout and without echo in zone 2: the handout and the zone-2 echo are no longer written
    const second = await cli.run(['export', dir, '--config', join(cli.work, 'no-zone2.yaml')]);
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('my notes\n');
    expect(readFileSync(join(dir, '05-workloads', 'questions.md'), 'utf8')).toBe('why two echo pods?\n');
    for (const f of stale) expect(existsSync(join(dir, f)), f).toBe(false);
    expect(existsSync(join(dir, 'handout'))).toBe(false);
    expect(readFileSync(join(dir, 'apply.sh'), 'utf8')).not.toContain('echo edited');
    expect(readFileSync(join(dir, 'apply.sh'), 'utf8')).not.toContain('gw-to-mesh1-echo-zone2');
    expect(statSync(join(dir, 'apply.sh')).mode & 0o111).toBe(0o111);

    const secondFiles = Object.keys(snapshot(dir))
      .filter((f) => !['.crossmesh-export', 'notes.txt', '05-workloads/questions.md'].includes(f))
      .sort();
    expect(recorded(dir)).toEqual(secondFiles);
    expect(recorded(dir)).not.toContain('notes.txt');

    const out = second.stdout;
    expect(out).toMatch(/^Replaced \d+ files crossmesh wrote there before: .*\bapply\.sh\b/m);
    expect(out).toMatch(/^Replaced .*\b05-workloads\/01-cluster1-service-echo\.yaml\b/m);
    expect(out).toMatch(/^Removed \d+ files crossmesh wrote before and no longer writes: .*05-workloads\/05-cluster2-service-echo\.yaml/m);
    expect(out).toMatch(/^Removed .*handout\/README\.md/m);
    expect(out).toMatch(/^Kept 2 files crossmesh did not write: 05-workloads\/questions\.md, notes\.txt$/m);
    expect(out).toContain(`Wrote ${secondFiles.length + 1} files to ${dir}`);
    expect(readdirSync(cli.work).filter((f) => f.startsWith('.again.tmp-'))).toEqual([]);
  });

  it('refuses, names the file and writes nothing when a file it would write is not one it wrote', async () => {
    const dir = join(cli.work, 'clash');
    expect((await cli.run(['export', dir])).code).toBe(0);
    // the user's own handout/README.md is where --handout would write
    mkdirSync(join(dir, 'handout'));
    writeFileSync(join(dir, 'handout', 'README.md'), 'my own handout\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const before = snapshot(dir);
    const r = await cli.run(['export', dir, '--handout']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^crossmesh: .*clash already has handout\/README\.md, which crossmesh did not write there: move it away or choose another folder\. Nothing was written\.$/m,
    );
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(cli.work).filter((f) => f.startsWith('.clash.tmp-'))).toEqual([]);
  });

  it('still refuses a non-empty folder it never wrote, and writes a new folder whole', async () => {
    const foreign = join(cli.work, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine\n');
    const r = await cli.run(['export', foreign]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not empty and was not written by crossmesh/);
    expect(readdirSync(foreign)).toEqual(['notes.txt']);

    const fresh = join(cli.work, 'fresh');
    const w = await cli.run(['export', fresh]);
    expect(w.code).toBe(0);
    expect(w.stdout).not.toMatch(/Replaced|Kept/);
  });
});
