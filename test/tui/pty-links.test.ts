// The links matrix in a real pseudo-terminal, the built CLI at 80x24, in rehearsal mode (as
// pty-rehearsal.test.ts): two kube contexts whose API server refuses connections, so the first run
// offers them in the picker, no cluster answers, and nothing is applied.
import { describe, it, expect, beforeAll, afterEach } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { parse } from 'yaml';
import { PtySession, KEYS, CLI } from '../support/pty.js';

let cwd: string;
let session: PtySession | undefined;
const env = () => ({ KUBECONFIG: join(cwd, 'kubeconfig'), CROSSMESH_KUMACTL_CONFIG: join(cwd, 'kumactl.yaml'), NO_COLOR: '' });

beforeAll(() => {
  if (!existsSync(CLI)) execFileSync('npm', ['run', 'build', '--silent']);
});

afterEach(() => {
  session?.kill();
  session = undefined;
});

/** A kubeconfig with contexts east and west; port 9 refuses at once, so each probe says "unreachable" without waiting. */
function fresh(): void {
  cwd = mkdtempSync(join(tmpdir(), 'crossmesh-pty-links-'));
  const cluster = (name: string) => `  - name: ${name}\n    cluster: { server: 'https://127.0.0.1:9' }\n`;
  const context = (name: string) => `  - name: ${name}\n    context: { cluster: ${name}, user: nobody }\n`;
  writeFileSync(
    join(cwd, 'kubeconfig'),
    `apiVersion: v1\nkind: Config\nclusters:\n${cluster('east')}${cluster('west')}users:\n  - name: nobody\n    user: { token: none }\n` +
      `contexts:\n${context('east')}${context('west')}current-context: east\n`,
  );
}

const THREE_MESHES = `# my setup
version: 2
global: { tool: kumactl, controlPlane: global }
zones:
  - { name: zone1, context: east }
  - { name: zone2, context: west }
meshes:
  - { name: mesh1, home: zone1, namespaces: { zone1: c1m1, zone2: c2m1 }, gateway: { name: cross-mesh-gateway, port: 8080 } }
  - { name: mesh2, home: zone1, namespaces: { zone1: c1m2, zone2: c2m2 }, gateway: { name: mesh2-gateway, port: 8080 } }
  - { name: mesh3, home: zone1, namespaces: { zone1: c1m3, zone2: c2m3 }, gateway: { name: mesh3-gateway, port: 8080 } }
links:
  - { from: mesh2, to: mesh1 }
  - { from: mesh1, to: mesh2 }
`;

const nonEmpty = (screen: string) => screen.split('\n').filter((l) => l.trim());

describe('the links matrix in a real pseudo-terminal at 80x24', () => {
  it('first run: after the contexts and the gateways, toggling a link changes the step list, and the file keeps it', async () => {
    fresh();
    session = new PtySession([], { cwd, env: env(), cols: 80, rows: 24 });
    const s = session;
    await s.waitFor(/Cluster 1 \(zone 1\)[\s\S]*east/);
    s.press(KEYS.enter);
    await s.waitFor('Cluster 2 (zone 2)');
    s.press(KEYS.enter);
    await s.waitFor('Gateway for mesh1 (1 of 2)');
    s.press(KEYS.enter);
    await s.waitFor('Gateway for mesh2 (2 of 2)');
    s.press(KEYS.enter);

    let screen = await s.waitFor('Links: which mesh may call which (2 of 2)');
    expect(screen).toMatch(/▶ mesh1 +╲ +\[●\]\n +mesh2 +● +╲/);
    expect(screen).toContain('The step list follows: Gateway for mesh1, mesh2 -> mesh1, mesh1 -> mesh2');
    expect(nonEmpty(screen).at(-1)).toBe('↑/↓/←/→ move  Space toggle  a all  n none  Enter done  Esc/q leave unchanged');
    s.press(' ');
    screen = await s.waitFor('Links: which mesh may call which (1 of 2)');
    expect(screen).toMatch(/▶ mesh1 +╲ +\[·\]/);
    expect(screen).toContain('1 link: mesh2 -> mesh1');
    expect(screen).toContain('The step list follows: Gateway for mesh1, mesh2 -> mesh1\n');
    s.press(KEYS.enter);

    screen = await s.waitFor(/step 1 of 8[\s\S]*6\. Gateway for mesh1[\s\S]*7\. mesh2 -> mesh1[\s\S]*8\. Connectivity check/, 30_000);
    expect(screen).toContain('REHEARSAL: nothing is applied (no cluster answered on east or west)');
    expect(screen).not.toContain('mesh1 -> mesh2');
    // the matrix's last frame is gone
    expect(screen).not.toContain('Links: which mesh may call which');
    s.press('q');
    expect(await s.exit()).toBe(1);
    const saved = parse(readFileSync(join(cwd, 'crossmesh.yaml'), 'utf8')) as { version: number; links: unknown; zones: unknown };
    expect(saved.version).toBe(2);
    expect(saved.links).toEqual([{ from: 'mesh2', to: 'mesh1' }]);
  });

  it('--edit-links with a crossmesh.yaml: this run takes the new links, the notice has the block, the file stays as it was', async () => {
    fresh();
    writeFileSync(join(cwd, 'crossmesh.yaml'), THREE_MESHES);
    session = new PtySession(['--edit-links', '--rehearse'], { cwd, env: env(), cols: 80, rows: 24 });
    const s = session;
    let screen = await s.waitFor('Links: which mesh may call which (2 of 6)');
    expect(screen).toMatch(/from \\ to +mesh1 +mesh2 +mesh3/);
    expect(screen).toContain('The step list follows: Gateway for mesh1, mesh2 -> mesh1, +2 more');
    // mesh1 -> mesh3 on; down twice passes over mesh3 -> mesh3 to mesh3 -> mesh2, left to mesh3 -> mesh1: on; up twice
    // passes over mesh1 -> mesh1 to mesh1 -> mesh2: off. Several keys in one write, as a fast typist sends them
    s.press(`${KEYS.right} `);
    await s.waitFor('(3 of 6)');
    s.press(`${KEYS.down}${KEYS.down}${KEYS.left}${KEYS.left} `);
    await s.waitFor('mesh3 -> mesh1: linked');
    s.press(`${KEYS.up}${KEYS.up} `);
    screen = await s.waitFor('3 links: mesh2 -> mesh1, mesh1 -> mesh3, mesh3 -> mesh1');
    expect(screen).toContain('Each called mesh gets a gateway: mesh1, mesh3');
    s.press(KEYS.enter);

    screen = await s.waitFor(/step 1 of 11/, 30_000);
    expect(screen).toContain('These links are for this run only: crossmesh never rewrites crossmesh.yaml');
    expect(screen).toMatch(/links:\n *- \{ from: mesh2, to: mesh1 \}\n *- \{ from: mesh1, to: mesh3 \}\n *- \{ from: mesh3, to: mesh1 \}/);
    // the notice takes rows, so the step list shows a window from the current step and says how many follow
    expect(screen).toMatch(/6\. Gateway for mesh1[\s\S]*7\. mesh2 -> mesh1/);
    expect(screen).toMatch(/↓ \d+ more/);
    expect(screen).not.toContain('mesh1 -> mesh2');
    expect(nonEmpty(screen).at(-1)).toMatch(/^a next \(nothing is applied\)/);
    s.press('q');
    expect(await s.exit()).toBe(1);
    expect(readFileSync(join(cwd, 'crossmesh.yaml'), 'utf8')).toBe(THREE_MESHES);
    expect(s.output).toMatch(/The links of this run, to keep in crossmesh\.yaml:\r?\nlinks:\r?\n {2}- \{ from: mesh2, to: mesh1 \}/);
  });

  it('--plain --edit-links asks the same as a checkbox list, the links ticked, and the steps follow', async () => {
    fresh();
    writeFileSync(join(cwd, 'crossmesh.yaml'), THREE_MESHES);
    session = new PtySession(['--plain', '--edit-links', '--rehearse'], { cwd, env: env(), cols: 80, rows: 24 });
    const s = session;
    const screen = await s.waitFor(/Which mesh may call which\?[\s\S]*mesh1 -> mesh2/);
    expect(screen).toMatch(/◉ mesh1 -> mesh2/);
    expect(screen).toMatch(/◯ mesh1 -> mesh3/);
    // the first one, mesh1 -> mesh2, off
    s.press(' ');
    await s.waitFor(/◯ mesh1 -> mesh2/);
    s.press(KEYS.enter);
    await s.waitFor(/1 link: mesh2 -> mesh1[\s\S]*These links are for this run only/);
    await s.waitFor(/Step prerequisites \(rehearsal: nothing is applied\)/);
    s.press(KEYS.ctrlC);
    expect(await s.exit()).toBe(130);
    expect(s.output).toContain('Steps to connect them: Gateway for mesh1, mesh2 -> mesh1.');
    expect(s.output).toMatch(/links:\r?\n {2}- \{ from: mesh2, to: mesh1 \}/);
  });
});
