/**
 * A fresh clone without ../shared: the golden and schema suites are skipped with one loud line each, and
 * with CI=true they fail with the reason (they used to fail with ENOENT either way). The suites are run
 * for real, in a child vitest, with CROSSMESH_SHARED pointing at a folder that does not exist.
 */
import { describe, it, expect } from 'vitest';
import { execa } from 'execa';
import { join, resolve } from 'node:path';
import { REPO_ROOT, findSharedInput, sharedDir } from './shared-folder.js';

const MISSING = join(REPO_ROOT, 'no-such-shared-folder-for-this-test');
const SUITES = ['test/golden/guide.test.ts', 'test/unit/schema.test.ts'];

async function runSuites(ci: 'true' | 'false') {
  const r = await execa(process.execPath, [join(REPO_ROOT, 'node_modules/vitest/vitest.mjs'), 'run', '--project', 'unit', ...SUITES], {
    cwd: REPO_ROOT,
    reject: false,
    env: { CROSSMESH_SHARED: MISSING, CI: ci, NO_COLOR: '1', FORCE_COLOR: '0' },
    stdin: 'ignore',
  });
  return { code: r.exitCode, output: `${String(r.stdout)}\n${String(r.stderr)}` };
}

describe('finding the shared folder', () => {
  it('is ../shared beside the checkout by default, and CROSSMESH_SHARED when set', () => {
    expect(sharedDir({})).toBe(resolve(REPO_ROOT, '../shared'));
    expect(sharedDir({ CROSSMESH_SHARED: '/somewhere/else' })).toBe('/somewhere/else');
  });

  it('a missing input names its path and how to provide it; only CI=true makes it a failure', () => {
    const input = findSharedInput('guide/mesh-to-mesh-guide.md', { CROSSMESH_SHARED: MISSING });
    expect(input).toEqual({
      path: join(MISSING, 'guide/mesh-to-mesh-guide.md'),
      present: false,
      problem: `${join(MISSING, 'guide/mesh-to-mesh-guide.md')} does not exist: put the shared folder (guide/ and kuma-crds/) beside the checkout, or set CROSSMESH_SHARED to it`,
      mustFail: false,
    });
    expect(findSharedInput('guide/mesh-to-mesh-guide.md', { CROSSMESH_SHARED: MISSING, CI: 'true' }).mustFail).toBe(true);
    expect(findSharedInput('.', { CROSSMESH_SHARED: REPO_ROOT, CI: 'true' })).toMatchObject({
      present: true,
      problem: '',
      mustFail: false,
    });
  });
});

describe('the golden and schema suites without the shared folder', () => {
  it('outside CI: they pass with their tests skipped, after one loud line each naming what is missing', async () => {
    const r = await runSuites('false');
    expect(r.code, r.output).toBe(0);
    const loud = r.output.split('\n').filter((l) => l.includes('SKIPPED'));
    expect(loud).toHaveLength(2);
    expect(loud.find((l) => l.includes('GOLDEN TESTS SKIPPED'))).toContain(join(MISSING, 'guide/mesh-to-mesh-guide.md'));
    expect(loud.find((l) => l.includes('CRD SCHEMA TESTS SKIPPED'))).toContain(join(MISSING, 'kuma-crds/v2.14.3'));
    expect(r.output).not.toMatch(/ENOENT/);
  }, 120_000);

  it('with CI=true: they fail, saying what is missing', async () => {
    const r = await runSuites('true');
    expect(r.code, r.output).toBe(1);
    expect(r.output).toContain(`golden tests cannot run: ${join(MISSING, 'guide/mesh-to-mesh-guide.md')} does not exist`);
    expect(r.output).toContain(`CRD schema tests cannot run: ${join(MISSING, 'kuma-crds/v2.14.3')} does not exist`);
    expect(r.output).not.toMatch(/ENOENT/);
  }, 120_000);
});
