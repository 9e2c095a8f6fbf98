/** A private copy of the built CLI for a test file, built first when dist/ is missing (as in test/cli/cli.test.ts). */
import { execa } from 'execa';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BuiltCli {
  /** a scratch folder that holds the copy; removed by dispose */
  work: string;
  run(
    args: string[],
    opts?: { cwd?: string; env?: Record<string, string> },
  ): Promise<{ code: number | undefined; stdout: string; stderr: string }>;
  dispose(): void;
}

export async function builtCli(prefix: string): Promise<BuiltCli> {
  const work = mkdtempSync(join(tmpdir(), prefix));
  const built = join(repoRoot, 'dist', 'crossmesh.js');
  if (!existsSync(built)) {
    const build = await execa('npm', ['run', 'build', '--silent'], { cwd: repoRoot, reject: false });
    if (build.exitCode !== 0) throw new Error(`could not build dist/crossmesh.js:\n${String(build.stdout)}\n${String(build.stderr)}`);
  }
  // other suites may rebuild dist/ while these tests run
  cpSync(join(repoRoot, 'dist'), join(work, 'dist'), { recursive: true });
  const cli = join(work, 'dist', 'crossmesh.js');
  return {
    work,
    async run(args, opts = {}) {
      const r = await execa('node', [cli, ...args], {
        cwd: opts.cwd ?? work,
        reject: false,
        env: { NO_COLOR: '1', ...opts.env },
        stdin: 'ignore',
      });
      return { code: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
    },
    dispose: () => rmSync(work, { recursive: true, force: true }),
  };
}
