// Vitest glue: one sandbox per test run.
//
// As globalSetup (vitest.sandbox.config.ts: `globalSetup: ['test/sandbox/fixture.ts']`),
// `setup` starts the sandbox, provides its state to tests and returns the
// teardown that stops it. In a test file:
//
//   const sb = useSandbox();                    // Sandbox | null
//   describe.skipIf(!sb)('...', () => { ... sb!.env ... });
//
// Without Go and without cached binaries: with CI=true that is a failure;
// otherwise the sandbox is skipped with a loud notice and useSandbox() is null.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { inject } from 'vitest';
import { BINARIES, binDirFor, goAvailable } from './build.js';
import { sandboxFromState, startSandbox, type Sandbox, type SandboxState, type SystemNamespace } from './sandbox.js';

declare module 'vitest' {
  export interface ProvidedContext {
    crossmeshSandbox: SandboxState | null;
    crossmeshSandboxSkipReason: string | null;
  }
}

/** Minimal shape of vitest's TestProject that we use (keeps this file free of vitest/node types). */
interface Provider {
  provide(key: 'crossmeshSandbox', value: SandboxState | null): void;
  provide(key: 'crossmeshSandboxSkipReason', value: string | null): void;
}

async function binariesUsable(): Promise<string | null> {
  const dir = await binDirFor();
  if (BINARIES.every((b) => existsSync(path.join(dir, b)))) return null;
  if (await goAvailable()) return null;
  return 'Go toolchain not found and no cached sandbox binaries';
}

export async function setup(project: Provider): Promise<() => Promise<void>> {
  const reason = await binariesUsable();
  if (reason) {
    if (process.env['CI'] === 'true') throw new Error(`sandbox: ${reason} (CI=true: failing instead of skipping)`);
    const bar = '!'.repeat(78);
    process.stderr.write(
      `\n${bar}\n!! SANDBOX TESTS SKIPPED: ${reason}.\n!! Install Go (see test/sandbox/PROBE.md) to run them.\n${bar}\n\n`,
    );
    project.provide('crossmeshSandbox', null);
    project.provide('crossmeshSandboxSkipReason', reason);
    return async () => {};
  }
  const ns = process.env['CROSSMESH_SANDBOX_SYSTEM_NAMESPACE'] as SystemNamespace | undefined;
  const t0 = Date.now();
  const sb = await startSandbox({
    ...(ns ? { systemNamespace: ns } : {}),
    log: (l) => process.stderr.write(`[sandbox ${((Date.now() - t0) / 1000).toFixed(1)}s] ${l}\n`),
  });
  project.provide('crossmeshSandbox', sb.state);
  project.provide('crossmeshSandboxSkipReason', null);
  return async () => {
    await sb.stop();
  };
}

/** The run's sandbox inside a test file, or null when skipped. */
export function useSandbox(): Sandbox | null {
  const state = inject('crossmeshSandbox');
  return state ? sandboxFromState(state) : null;
}

export function sandboxSkipReason(): string | null {
  return inject('crossmeshSandboxSkipReason') ?? null;
}
