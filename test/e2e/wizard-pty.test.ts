import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { PtySession, KEYS } from '../support/pty.js';
import { getJson, gatewayController, scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

// The one scenario that uses the guide's default names (mesh1, c1m1, ...): the first-run picker
// writes a configuration with the defaults.
describe.skipIf(!sb)('the wizard in a real terminal against the sandbox', () => {
  const stops: Array<() => void> = [];
  let session: PtySession | undefined;
  afterAll(() => {
    stops.forEach((s) => s());
    session?.kill();
  });

  it('picks the contexts, walks every step with keystrokes, and leaves each object in its cluster', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'crossmesh-e2e-wizard-'));
    stops.push(gatewayController(sb!, { namespace: 'c1m1', name: 'cross-mesh-gateway', mesh: 'mesh1', address: '198.51.100.7' }));
    stops.push(gatewayController(sb!, { namespace: 'c1m2', name: 'mesh2-gateway', mesh: 'mesh2', address: '198.51.100.8' }));
    session = new PtySession([], { cwd, env: { ...sb!.env, NO_COLOR: '1' }, cols: 110, rows: 40 });
    const s = session;

    // first run: the picker, fed by kubectl config get-contexts, with a reachability mark per context
    let screen = await s.waitFor(
      /Cluster 1 \(zone 1\)[\s\S]*c1 .*✔ reachable[\s\S]*c2 .*✔ reachable[\s\S]*global .*⚠ global control plane, not a zone/,
      30_000,
    );
    expect(screen).toContain('Contexts come from your kubeconfig.');
    s.press(KEYS.enter);
    await s.waitFor('Cluster 2 (zone 2)');
    s.press(KEYS.enter);
    screen = await s.waitFor('Global control plane');
    // the context that runs the global control plane is offered first
    expect(screen).toMatch(/▶ kubectl: global/);
    s.press(KEYS.enter);
    // then each mesh's gateway, with the two kinds compared; Enter keeps the built-in one (the guide's)
    await s.waitFor(/Gateway for mesh1 \(1 of 2\)[\s\S]*Kong Gateway run by Kong Operator/);
    s.press(KEYS.enter);
    await s.waitFor('Gateway for mesh2 (2 of 2)');
    s.press(KEYS.enter);
    // then the links matrix, the guide's two links set; Enter keeps them
    await s.waitFor(/Links: which mesh may call which \(2 of 2\)[\s\S]*2 links: mesh2 -> mesh1, mesh1 -> mesh2/);
    s.press(KEYS.enter);

    // prerequisites: detection against the zones
    screen = await s.waitFor('step 1 of 9');
    expect(screen).not.toContain('REHEARSAL');
    expect(screen).toContain('Your choices are saved in crossmesh.yaml');
    // the picker's last frame is gone
    expect(screen).not.toContain('Global control plane: where the Mesh objects are created');
    s.press('a');
    screen = await s.waitFor(/Done: Prerequisites \(checked\)/, 30_000);
    expect(screen).toMatch(/more \(\d+ passed\)|Kong Mesh 2\.14\.3 in kong-mesh-system/);
    expect(screen).not.toMatch(/✖/);

    const walk: Array<[number, string]> = [
      [2, 'Namespaces'],
      [3, 'Meshes with mTLS'],
      [4, 'Traffic permissions'],
      [5, 'Workloads'],
      [6, 'Gateway for mesh1'],
      [7, 'mesh2 -> mesh1'],
      [8, 'mesh1 -> mesh2'],
    ];
    const re = (t: string) => t.replace(/[>-]/g, '.');
    for (const [n, title] of walk) {
      // the whole frame: header, the step's title and the key line at the bottom
      screen = await s.waitFor(new RegExp(`step ${n} of 9[\\s\\S]*${re(title)}[\\s\\S]*a apply`), 30_000);
      expect(screen).toMatch(new RegExp(`✔ ${n - 1}\\.`));
      expect(screen).toContain('kubectl --context');
      s.press('a');
      // the next screen keeps this step's results in view
      screen = await s.waitFor(new RegExp(`Done: ${re(title)} \\(applied\\)`), 90_000);
      expect(screen).not.toMatch(/✖/);
    }

    // the connectivity check refuses to pretend: no kubelet, so no client pod runs
    await s.waitFor('step 9 of 9');
    s.press('a');
    // it offers to try again (pods may still be starting); skipping ends the walk
    screen = await s.waitFor(/r retry\s+s skip step/, 60_000);
    expect(screen).toMatch(/client pod is not running/);
    s.press('s');
    await s.waitFor('Finished with problems in: verify', 30_000);
    s.press(KEYS.enter);
    expect(await s.exit()).toBe(1);

    const saved = parse(readFileSync(join(cwd, 'crossmesh.yaml'), 'utf8')) as Obj;
    expect(saved.version).toBe(2);
    expect(saved.zones.map((z: Obj) => z.context)).toEqual(['c1', 'c2']);
    expect(saved.global).toEqual({ tool: 'kubectl', context: 'global' });
    expect(saved.meshes.map((m: Obj) => m.gateway.kind)).toEqual(['builtin', 'builtin']);
    expect(saved.links).toEqual([
      { from: 'mesh2', to: 'mesh1' },
      { from: 'mesh1', to: 'mesh2' },
    ]);

    const sys = sb!.systemNamespace;
    expect(((await getJson(sb!, 'global', ['meshes.kuma.io', 'mesh1'])) as Obj).spec.mtls.enabledBackend).toBe('ca-1');
    // the zone holds the global's copy, made by the Kuma stand-in's sync
    expect(((await getJson(sb!, 'c1', ['meshes.kuma.io', 'mesh1'])) as Obj).metadata.labels['kuma.io/origin']).toBe('global');
    expect(
      ((await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', 'echo-mesh-1-http', '-n', sys])) as Obj).spec.endpoints[0].address,
    ).toBe('198.51.100.7');
    expect(
      ((await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', 'echo-mesh-2-http', '-n', sys])) as Obj).spec.endpoints[0].address,
    ).toBe('198.51.100.8');
    expect(await getJson(sb!, 'c1', ['meshexternalservices.kuma.io', 'echo-mesh-1-http', '-n', sys])).toBeUndefined();
    expect(await getJson(sb!, 'c1', ['meshgateways.kuma.io', 'mesh2-gateway'])).toBeDefined();
    expect(await getJson(sb!, 'c2', ['meshgateways.kuma.io', 'mesh2-gateway'])).toBeUndefined();
    expect(
      await getJson(sb!, 'c2', ['meshgatewayinstances.kuma.io', 'mesh2-gateway', '-n', 'c1m2']).catch(() => undefined),
    ).toBeUndefined();
    const journal = JSON.parse(readFileSync(join(cwd, '.crossmesh', 'journal.json'), 'utf8')) as Obj;
    expect(Object.keys(journal.bindings).sort()).toEqual(['c1', 'c2']);
    expect(journal.entries.length).toBeGreaterThanOrEqual(26);
  });

  it('never rewrites a crossmesh.yaml the user wrote (comments and all); detected facts go to the journal', async () => {
    const s = scenario(sb!, 'wy');
    const file = join(s.dir, 'crossmesh.yaml');
    const mine = `# my setup, do not touch\n${readFileSync(file, 'utf8')}`;
    writeFileSync(file, mine);
    session = new PtySession([], { cwd: s.dir, env: { ...s.env, NO_COLOR: '1' }, cols: 80, rows: 24 });
    await session.waitFor('step 1 of 9', 30_000);
    session.press('a');
    await session.waitFor(/Done: Prerequisites \(checked\)/, 30_000);
    session.press('q');
    expect(await session.exit()).toBe(1);
    expect(readFileSync(file, 'utf8')).toBe(mine);
    const journal = JSON.parse(readFileSync(join(s.dir, '.crossmesh', 'journal.json'), 'utf8')) as Obj;
    expect(journal.facts.zones).toEqual({ cluster1: 'zone1', cluster2: 'zone2' });
  });
});
