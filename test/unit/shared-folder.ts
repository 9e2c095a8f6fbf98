/**
 * The shared folder beside the checkout (../shared, or $CROSSMESH_SHARED) holds the guide and the Kuma
 * CRDs that the golden and schema tests read. A fresh clone may not have it: outside CI those suites are
 * skipped with one loud line naming what is missing; with CI=true its absence fails, like the sandbox
 * without Go (test/sandbox/fixture.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { it } from 'vitest';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The folder the suites read from: $CROSSMESH_SHARED when set, else ../shared beside the checkout. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.CROSSMESH_SHARED ? resolve(env.CROSSMESH_SHARED) : resolve(REPO_ROOT, '../shared');
}

export interface SharedInput {
  /** absolute path of the file or folder */
  path: string;
  present: boolean;
  /** what is missing and how to provide it; empty when present */
  problem: string;
  /** with CI=true a missing input fails instead of being skipped */
  mustFail: boolean;
}

/** Looks for one file or folder of the shared folder (e.g. "guide/mesh-to-mesh-guide.md"). */
export function findSharedInput(relativePath: string, env: NodeJS.ProcessEnv = process.env): SharedInput {
  const path = join(sharedDir(env), relativePath);
  const present = existsSync(path);
  return {
    path,
    present,
    problem: present
      ? ''
      : `${path} does not exist: put the shared folder (guide/ and kuma-crds/) beside the checkout, or set CROSSMESH_SHARED to it`,
    mustFail: !present && env.CI === 'true',
  };
}

/**
 * For a test file: the input, and when it is missing either one loud line on stderr (the caller skips
 * its suites) or, with CI=true, a test that fails with the reason.
 */
export function sharedInputOrSkip(relativePath: string, suite: string, env: NodeJS.ProcessEnv = process.env): SharedInput {
  const input = findSharedInput(relativePath, env);
  if (input.present) return input;
  if (input.mustFail) {
    it(`${suite}: the shared input is there (CI=true: failing instead of skipping)`, () => {
      throw new Error(`${suite} cannot run: ${input.problem}`);
    });
  } else {
    process.stderr.write(`!!!! ${suite.toUpperCase()} SKIPPED: ${input.problem} (with CI=true this fails) !!!!\n`);
  }
  return input;
}
