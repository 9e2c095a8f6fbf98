import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { PtySession, KEYS, CLI } from '../support/pty.js';

let cwd: string;
let session: PtySession | undefined;
// an empty kubeconfig: no context is reachable, so the wizard rehearses
const env = () => ({ KUBECONFIG: join(cwd, 'kubeconfig'), CROSSMESH_KUMACTL_CONFIG: join(cwd, 'kumactl.yaml'), NO_COLOR: '' });

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent']);
});

afterEach(() => {
  session?.kill();
  session = undefined;
});

function fresh(): void {
  cwd = mkdtempSync(join(tmpdir(), 'crossmesh-pty-'));
  writeFileSync(join(cwd, 'kubeconfig'), 'apiVersion: v1\nkind: Config\ncontexts: []\nclusters: []\nusers: []\n');
}

describe('the wizard in a real pseudo-terminal, rehearsal mode', () => {
  it('walks every step without a cluster, says so on every screen, and exits 0', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env() });
    let screen = await session.waitFor('Check the tools, the two zone clusters');
    expect(screen).toContain('REHEARSAL: nothing is applied (no cluster answered on c1 or c2)');
    const titles = [
      'Namespaces',
      'Meshes with mTLS',
      'Traffic permissions',
      'Workloads',
      'Gateway for mesh1',
      'mesh2 -> mesh1',
      'mesh1 -> mesh2',
      'Connectivity check',
    ];
    for (const [i, title] of titles.entries()) {
      session.press('a');
      screen = await session.waitFor(new RegExp(`step ${i + 2} of 9[\\s\\S]*${title.replace(/[>-]/g, '.')}`));
      expect(screen).toContain('REHEARSAL: nothing is applied');
    }
    expect(screen).toContain('No manifests: this step sends real requests');
    session.press('a');
    await session.waitFor('Rehearsal finished: nothing was applied');
    session.press(KEYS.enter);
    expect(await session.exit()).toBe(0);
    expect(existsSync(join(cwd, 'crossmesh.yaml'))).toBe(false);
  });

  it('previews each manifest with its target and command, and goes back', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env(), cols: 80, rows: 30 });
    await session.waitFor('step 1 of 9');
    session.press('a');
    let screen = await session.waitFor('Manifest 1/4: Namespace c1m1');
    expect(screen).toContain('kubectl --context c1 apply -f -');
    expect(screen).toContain('kuma.io/sidecar-injection: enabled');
    session.press(KEYS.right);
    screen = await session.waitFor('Manifest 2/4: Namespace c2m1');
    expect(screen).toContain('goes to  kubectl -> context c2');
    session.press('a');
    await session.waitFor('Manifest 1/2: Mesh mesh1');
    session.press('b');
    await session.waitFor('Manifest 1/4: Namespace c1m1');
    session.press('q');
    expect(await session.exit()).toBe(1);
  });

  it('Ctrl-C leaves the terminal as it was: cursor shown, raw mode off', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env() });
    await session.waitFor('step 1 of 9');
    session.press(KEYS.ctrlC);
    const code = await session.exit();
    expect(code).not.toBe(0);
    // Ink hides the cursor while it runs; it must be shown again on the way out
    expect(session.output.lastIndexOf('\u001b[?25h')).toBeGreaterThan(session.output.lastIndexOf('\u001b[?25l'));
  });

  it('Ctrl-C at a --plain prompt is an ordinary quit: exit 130 and one calm line, no "unexpected error"', async () => {
    fresh();
    session = new PtySession(['--plain', '--rehearse'], { cwd, env: env(), cols: 80, rows: 24 });
    // a first run asks for each mesh's gateway; Enter keeps the built-in one
    await session.waitFor(/Gateway for mesh1\?/);
    session.press(KEYS.enter);
    await session.waitFor(/Gateway for mesh2\?/);
    session.press(KEYS.enter);
    // then the links, as a checkbox list with the guide's two ticked; Enter keeps them
    await session.waitFor(/Which mesh may call which\?/);
    session.press(KEYS.enter);
    await session.waitFor(/Step prerequisites \(rehearsal: nothing is applied\)/);
    const pressed = Date.now();
    session.press(KEYS.ctrlC);
    expect(await session.exit()).toBe(130);
    expect(Date.now() - pressed).toBeLessThan(1_000);
    expect(session.output).toContain('crossmesh: stopped (Ctrl-C). Run crossmesh again to continue where you left off.');
    expect(session.output).not.toMatch(/unexpected error|Please report this|force closed/);
  });
});

it('Ctrl-C at the first-run gateway question of the plain front end: exit 130 at once', async () => {
  fresh();
  session = new PtySession(['--plain', '--rehearse'], { cwd, env: env(), cols: 80, rows: 24 });
  await session.waitFor(/Kuma 3\.0: kept[\s\S]*Gateway for mesh1\?/);
  const pressed = Date.now();
  session.press(KEYS.ctrlC);
  expect(await session.exit()).toBe(130);
  expect(Date.now() - pressed).toBeLessThan(1_000);
  expect(session.output).not.toMatch(/unexpected error|Please report this|force closed/);
});

describe('the wizard at 80x24 (a workshop laptop)', () => {
  const nonEmpty = (screen: string) => screen.split('\n').filter((l) => l.trim());

  it('keeps the header, the rehearsal banner and the key line on screen at every step, with the explanation open too', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env(), cols: 80, rows: 24 });
    await session.waitFor('step 1 of 9');
    // a whole frame, down to the key line: on a busy machine Ink's writes of one frame can arrive apart
    const frame = (n: number, middle = '') => new RegExp(`step ${n} of 9[\\s\\S]*${middle}[\\s\\S]*l all\\s+details`);
    for (let n = 1; n <= 9; n++) {
      let screen = await session.waitFor(frame(n));
      for (const view of ['preview', 'explained']) {
        const lines = nonEmpty(screen);
        expect(lines[0], `step ${n}, ${view}:\n${screen}`).toMatch(/^crossmesh\s+step \d of 9/);
        expect(lines[1]).toContain('REHEARSAL: nothing is applied');
        expect(lines.slice(-2).join(' ')).toMatch(/q quit/);
        expect(lines.slice(-2).join(' ')).toMatch(/l all details/);
        if (view === 'preview') {
          session.press('e');
          screen = await session.waitFor(frame(n, 'hide explanation'));
        }
      }
      session.press('e');
      await session.waitFor(/e explain/);
      session.press('a');
    }
  });

  it("'l' shows everything the screen cuts (each fix in full, every manifest's target and command), a page at a time", async () => {
    fresh();
    session = new PtySession([], { cwd, env: env(), cols: 80, rows: 24 });
    await session.waitFor('step 1 of 9');
    session.press('a');
    await session.waitFor('step 2 of 9');
    session.press('l');
    let screen = await session.waitFor(/Details: lines 1-\d+ of \d+/);
    const total = Number(/Details: lines \d+-\d+ of (\d+)/.exec(screen)![1]);
    expect(total).toBeGreaterThan(18);
    expect(screen).toContain('l/Esc back');
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      for (const l of session.screen().split('\n')) seen.add(l.trim());
      session.press(KEYS.down.repeat(15));
      await new Promise((r) => setTimeout(r, 150));
    }
    const all = [...seen].join('\n');
    expect(all).toContain('Declarative namespaces.');
    for (const ctx of ['c1', 'c2']) expect(all).toContain(`command kubectl --context ${ctx} apply -f -`);
    session.press('l');
    screen = await session.waitFor(/Manifest 1\/4/);
    expect(screen).not.toContain('Details:');
  });

  it('redraws at once when the terminal is resized, without waiting for a key', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env(), cols: 100, rows: 30 });
    await session.waitFor('step 1 of 9');
    session.resize(80, 24);
    const screen = await session.waitFor(/step 1 of 9/);
    const lines = screen.split('\n');
    // nothing of the 100-column frame is left hard-wrapped: every line fits, header first
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(nonEmpty(screen)[0]).toMatch(/^crossmesh/);
    expect(nonEmpty(screen).slice(-2).join(' ')).toMatch(/q quit/);
  });
});
