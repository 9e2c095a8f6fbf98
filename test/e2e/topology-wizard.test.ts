/**
 * Issue 12's "done when": a configuration of three meshes over three zones walks through the wizard
 * in a real terminal (80x24) against the sandbox, with a set of links other than the ring of
 * topology.test.ts: A -> C, B -> C and C -> A (B is called by nobody, so it runs no gateway).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { ensureThirdZone } from '../sandbox/zones.js';
import { PtySession } from '../support/pty.js';
import { getJson } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

const P = 'tw';
const mesh = (x: string) => `${P}${x}`;

describe.skipIf(!sb)('the wizard walks three meshes over three zones', () => {
  let cwd: string;
  let session: PtySession | undefined;
  afterAll(() => session?.kill());

  beforeAll(async () => {
    await ensureThirdZone(sb!);
    cwd = mkdtempSync(join(tmpdir(), `crossmesh-e2e-${P}-`));
    const m = (x: string, home: number, also: number, address: string) => ({
      name: mesh(x),
      home: `zone${home}`,
      namespaces: { [`zone${home}`]: `${P}-${x}-${home}`, [`zone${also}`]: `${P}-${x}-${also}` },
      gateway: { name: `${P}-gw-${x}`, address },
    });
    writeFileSync(
      join(cwd, 'crossmesh.yaml'),
      stringify({
        version: 2,
        global: { tool: 'kubectl', context: sb!.globalContext },
        zones: [1, 2, 3].map((i) => ({ name: `zone${i}`, context: `c${i}` })),
        meshes: [m('a', 1, 2, '203.0.113.41'), m('b', 2, 3, '203.0.113.42'), m('c', 3, 1, '203.0.113.43')],
        links: [
          { from: mesh('a'), to: mesh('c') },
          { from: mesh('b'), to: mesh('c') },
          { from: mesh('c'), to: mesh('a') },
        ],
      }),
    );
  }, 120_000);

  it('applies every step with keystrokes, one gateway per called mesh and one step per link', async () => {
    session = new PtySession([], { cwd, env: { ...sb!.env, NO_COLOR: '1' }, cols: 80, rows: 24 });
    const s = session;
    await s.waitFor('step 1 of 11', 30_000);
    s.press('a');
    let screen = await s.waitFor(/Done: Prerequisites \(checked\)/, 60_000);
    expect(screen).not.toMatch(/✖/);
    const walk: Array<[number, string]> = [
      [2, 'Namespaces'],
      [3, 'Meshes with mTLS'],
      [4, 'Traffic permissions'],
      [5, 'Workloads'],
      [6, `Gateway for ${mesh('c')}`],
      [7, `${mesh('a')} -> ${mesh('c')}`],
      [8, `${mesh('b')} -> ${mesh('c')}`],
      [9, `Gateway for ${mesh('a')}`],
      [10, `${mesh('c')} -> ${mesh('a')}`],
    ];
    const re = (t: string) => t.replace(/[>-]/g, '.');
    for (const [n, title] of walk) {
      await s.waitFor(new RegExp(`step ${n} of 11[\\s\\S]*${re(title)}[\\s\\S]*a apply`), 60_000);
      s.press('a');
      screen = await s.waitFor(new RegExp(`Done: ${re(title)} \\(applied\\)`), 90_000);
      expect(screen).not.toMatch(/✖/);
    }
    // no kubelet: the check finds no client pod running, and says so
    await s.waitFor('step 11 of 11');
    s.press('a');
    screen = await s.waitFor(/r retry\s+s skip step/, 60_000);
    // at 80x24 the four failed calls are folded into one line
    expect(screen).toMatch(/4 more \(0 passed\)|client pod is not running/);
    s.press('s');
    await s.waitFor('Finished with problems in: verify', 30_000);
    s.press('\r');
    expect(await s.exit()).toBe(1);

    const sys = sb!.systemNamespace;
    // C is called from A's client zone (2) and from B's (3); A from C's (1); nobody calls B
    const aToC = (await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', `echo-${mesh('c')}-http-for-${mesh('a')}`, '-n', sys])) as Obj;
    expect(aToC.spec.endpoints[0].address).toBe('203.0.113.43');
    expect(await getJson(sb!, 'c3', ['meshexternalservices.kuma.io', `echo-${mesh('c')}-http-for-${mesh('b')}`, '-n', sys])).toBeDefined();
    expect(await getJson(sb!, 'c1', ['meshexternalservices.kuma.io', `echo-${mesh('a')}-http-for-${mesh('c')}`, '-n', sys])).toBeDefined();
    expect(await getJson(sb!, 'c3', ['meshgateways.kuma.io', `${P}-gw-c`])).toBeDefined();
    expect(await getJson(sb!, 'c2', ['meshgateways.kuma.io', `${P}-gw-b`])).toBeUndefined();
  });
});
