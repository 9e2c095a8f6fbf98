// Ctrl-C and q during every wait of the wizard, in a real terminal against the sandbox: each ends
// within a second, and Ctrl-C leaves the terminal restored.
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { resetStandin, setMeshSyncDelay } from '../sandbox/standin-control.js';
import { PtySession, KEYS } from '../support/pty.js';
import { scenario, crossmesh, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;
const ASKING = /\ba (apply|run the checks?)\s+s skip/;

let session: PtySession | undefined;
afterEach(async () => {
  session?.kill();
  session = undefined;
  if (sb) await resetStandin(sb);
});

function wizard(s: Scenario, args: string[] = [], env: NodeJS.ProcessEnv = {}): PtySession {
  session = new PtySession(args, { cwd: s.dir, env: { ...s.env, ...env }, cols: 80, rows: 24 });
  return session;
}

/** Presses 'a' at each step question until `until` shows on the screen. */
async function applyUntil(p: PtySession, until: RegExp, timeoutMs = 120_000): Promise<string> {
  const start = Date.now();
  let last = '';
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const screen = p.screen();
    if (until.test(screen)) return screen;
    const header = /step (\d) of 9/.exec(screen)?.[1];
    if (ASKING.test(screen) && header && header !== last) {
      last = header;
      await new Promise((r) => setTimeout(r, 150));
      p.press('a');
    }
    if (Date.now() - start > timeoutMs) throw new Error(`${String(until)} did not show; screen:\n${screen}`);
  }
}

/** Presses a key and returns how long the program took to exit, and its exit code. */
async function timeToExit(p: PtySession, key: string): Promise<{ ms: number; code: number }> {
  const pressed = Date.now();
  p.press(key);
  const code = await p.exit(5_000);
  return { ms: Date.now() - pressed, code };
}

function expectTerminalRestored(p: PtySession): void {
  // the cursor Ink hid is shown again
  expect(p.output.lastIndexOf('\u001b[?25h')).toBeGreaterThan(p.output.lastIndexOf('\u001b[?25l'));
}

describe.skipIf(!sb)('interrupting the wizard while it waits', () => {
  it('Ctrl-C while the Meshes are on their way to the zones', async () => {
    await setMeshSyncDelay(sb!, 60_000);
    const p = wizard(scenario(sb!, 'ia'));
    await applyUntil(p, /waiting until the global control plane has copied/);
    const { ms, code } = await timeToExit(p, KEYS.ctrlC);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1_000);
    expectTerminalRestored(p);
  });

  it("'q' while the Meshes are on their way to the zones", async () => {
    await setMeshSyncDelay(sb!, 60_000);
    const p = wizard(scenario(sb!, 'ib'));
    const screen = await applyUntil(p, /waiting until the global control plane has copied/);
    expect(screen).toContain('q stop waiting and quit');
    const { ms, code } = await timeToExit(p, 'q');
    expect(code).toBe(1);
    expect(ms).toBeLessThan(1_000);
  });

  for (const key of ['ctrl-c', 'q'] as const) {
    it(`${key} while waiting for a gateway's LoadBalancer address`, async () => {
      const p = wizard(scenario(sb!, key === 'q' ? 'ic' : 'id', { gatewayWait: '3m' }));
      await applyUntil(p, /waiting for the LoadBalancer address/);
      const { ms, code } = await timeToExit(p, key === 'q' ? 'q' : KEYS.ctrlC);
      expect(code).toBe(key === 'q' ? 1 : 130);
      expect(ms).toBeLessThan(1_000);
      if (key === 'ctrl-c') expectTerminalRestored(p);
      expect(p.output).not.toMatch(/MaxListenersExceededWarning/);
    });
  }

  it('Ctrl-C while the resume scan waits on a cluster that does not answer', async () => {
    const s = scenario(sb!, 'ie');
    expect(
      (
        await crossmesh(s, [
          'apply',
          '--yes',
          '--no-verify',
          '--gateway-address',
          'mesh1=203.0.113.5',
          '--gateway-address',
          'mesh2=203.0.113.6',
        ])
      ).exitCode,
    ).toBe(0);
    // a server that takes the connection and never says a word (a hung API server)
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const kubeconfig = parse(readFileSync(sb!.kubeconfig, 'utf8')) as Obj;
      const cluster = kubeconfig.clusters.find((c: Obj) => c.name === 'global');
      cluster.cluster.server = `https://127.0.0.1:${(silent.address() as { port: number }).port}`;
      const file = join(s.dir, 'kubeconfig-hung-global.yaml');
      writeFileSync(file, stringify(kubeconfig));
      const p = wizard(s, ['--kubeconfig', file]);
      await p.waitFor('reading what is already on the clusters', 30_000);
      const { ms, code } = await timeToExit(p, KEYS.ctrlC);
      expect(code).toBe(130);
      expect(ms).toBeLessThan(1_000);
      expectTerminalRestored(p);
    } finally {
      sockets.forEach((x) => x.destroy());
      silent.close();
    }
  });

  it('Ctrl-C at the resume question', async () => {
    const s = scenario(sb!, 'if', { gatewayWait: '1s' });
    // an earlier run that stopped at the first gateway address
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify'])).exitCode).toBe(1);
    const p = wizard(s);
    await p.waitFor('continue here', 30_000);
    const { ms, code } = await timeToExit(p, KEYS.ctrlC);
    expect(code).toBe(130);
    expect(ms).toBeLessThan(1_000);
    expectTerminalRestored(p);
  });
});
