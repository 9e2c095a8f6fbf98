/**
 * Issue 12 end to end: three meshes over three zones, linked in a ring (A -> B, B -> C, C -> A), each
 * mesh at home in its own zone. Applied for real against the sandbox with a third zone added on
 * request; then status, a second apply, and the teardown of one link.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { ensureThirdZone } from '../sandbox/zones.js';
import { crossmesh, getJson, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

const P = 'tz';
const mesh = (x: string) => `${P}${x}`;
const ns = (x: string, zone: number) => `${P}-${x}-z${zone}`;
const ADDRESSES = { a: '203.0.113.31', b: '203.0.113.32', c: 'gw-c.example.test' };

/** A at home in zone 1, B in zone 2, C in zone 3; each also spans the next zone, where its clients run. */
function ringConfig(globalContext: string) {
  const m = (x: 'a' | 'b' | 'c', home: number) => {
    const next = (home % 3) + 1;
    return {
      name: mesh(x),
      home: `zone${home}`,
      namespaces: { [`zone${home}`]: ns(x, home), [`zone${next}`]: ns(x, next) },
      gateway: { name: `${P}-gw-${x}`, port: 8080, address: ADDRESSES[x] },
    };
  };
  return {
    version: 2,
    global: { tool: 'kubectl', context: globalContext },
    zones: [
      { name: 'zone1', context: 'c1' },
      { name: 'zone2', context: 'c2' },
      { name: 'zone3', context: 'c3' },
    ],
    meshes: [m('a', 1), m('b', 2), m('c', 3)],
    links: [
      { from: mesh('a'), to: mesh('b') },
      { from: mesh('b'), to: mesh('c') },
      { from: mesh('c'), to: mesh('a') },
    ],
    gatewayWait: '60s',
  };
}

describe.skipIf(!sb)('three meshes over three zones, linked in a ring', () => {
  let s: Scenario;
  const system = () => sb!.systemNamespace;

  beforeAll(async () => {
    await ensureThirdZone(sb!);
    const dir = mkdtempSync(join(tmpdir(), `crossmesh-e2e-${P}-`));
    writeFileSync(join(dir, 'crossmesh.yaml'), stringify(ringConfig(sb!.globalContext)));
    s = {
      dir,
      prefix: P,
      names: { mesh1: '', mesh2: '', ns: { c1m1: '', c1m2: '', c2m1: '', c2m2: '' }, gw1: '', gw2: '' },
      env: { ...process.env, ...sb!.env, CI: 'false', NO_COLOR: '1' },
    };
  }, 120_000);

  it('plans one gateway per called mesh and one step per link', async () => {
    const r = await crossmesh(s, ['plan', '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const steps = [...new Set((JSON.parse(r.stdout) as Array<{ step: string }>).map((e) => e.step))];
    expect(steps).toEqual([
      'namespaces',
      'mtls',
      'permissions',
      'workloads',
      `gateway-${mesh('b')}`,
      `link-${mesh('a')}-to-${mesh('b')}`,
      `gateway-${mesh('c')}`,
      `link-${mesh('b')}-to-${mesh('c')}`,
      `gateway-${mesh('a')}`,
      `link-${mesh('c')}-to-${mesh('a')}`,
    ]);
  });

  it('applies every step', async () => {
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Every step is done.');
    expect(r.stdout).toMatch(new RegExp(`link-${mesh('b')}-to-${mesh('c')}: applied`));
  });

  it('puts each object in the zone the model places it in', async () => {
    // B's gateway in its home zone 2, with the route to echo pinned to zone 2
    expect(await getJson(sb!, 'c2', ['meshgateways.kuma.io', `${P}-gw-b`])).toMatchObject({ mesh: mesh('b') });
    expect(await getJson(sb!, 'c2', ['meshgatewayinstances.kuma.io', `${P}-gw-b`, '-n', ns('b', 2)])).toBeDefined();
    for (const other of ['c1', 'c3']) expect(await getJson(sb!, other, ['meshgateways.kuma.io', `${P}-gw-b`])).toBeUndefined();
    // A calls B from zone 2, where A's clients run: the external service is there, labelled with A
    const aToB = (await getJson(sb!, 'c2', [
      'meshexternalservices.kuma.io',
      `echo-${mesh('b')}-http-for-${mesh('a')}`,
      '-n',
      system(),
    ])) as Obj;
    expect(aToB.metadata.labels['kuma.io/mesh']).toBe(mesh('a'));
    expect(aToB.spec.endpoints).toEqual([{ address: ADDRESSES.b, port: 8080 }]);
    // C calls A from zone 1
    const cToA = (await getJson(sb!, 'c1', [
      'meshexternalservices.kuma.io',
      `echo-${mesh('a')}-http-for-${mesh('c')}`,
      '-n',
      system(),
    ])) as Obj;
    expect(cToA.metadata.labels['kuma.io/mesh']).toBe(mesh('c'));
    // nothing of A in zone 3, which A does not span
    expect(await getJson(sb!, 'c3', ['namespace', ns('a', 3)])).toBeUndefined();
    expect((await getJson(sb!, 'c3', ['namespace', ns('b', 3)]))?.metadata).toMatchObject({ labels: { 'kuma.io/mesh': mesh('b') } });
  });

  it('status is 0 and lists every link in sync; a second apply changes nothing', async () => {
    const status = await crossmesh(s, ['status', '--json']);
    expect(status.exitCode).toBe(0);
    const links = (JSON.parse(status.stdout) as { links: Array<{ label: string; state: string }> }).links;
    expect(links.map((l) => [l.label, l.state])).toEqual([
      [`${mesh('a')} -> ${mesh('b')}`, 'in-sync'],
      [`${mesh('b')} -> ${mesh('c')}`, 'in-sync'],
      [`${mesh('c')} -> ${mesh('a')}`, 'in-sync'],
    ]);
    const again = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).not.toMatch(/ created| configured/);
  });

  it('tearing down one link removes its objects and leaves the other links in sync', async () => {
    const r = await crossmesh(s, ['teardown', '--link', `${mesh('b')}:${mesh('c')}`, '--yes']);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    // B -> C was the only link to C: its external service and C's gateway go, C's mesh and workloads stay
    expect(
      await getJson(sb!, 'c3', ['meshexternalservices.kuma.io', `echo-${mesh('c')}-http-for-${mesh('b')}`, '-n', system()]),
    ).toBeUndefined();
    expect(await getJson(sb!, 'c3', ['meshgateways.kuma.io', `${P}-gw-c`])).toBeUndefined();
    expect(await getJson(sb!, 'c3', ['deployment', 'echo', '-n', ns('c', 3)])).toBeDefined();
    const status = await crossmesh(s, ['status', '--json']);
    const links = (JSON.parse(status.stdout) as { links: Array<{ label: string; state: string }> }).links;
    expect(Object.fromEntries(links.map((l) => [l.label, l.state]))).toEqual({
      [`${mesh('a')} -> ${mesh('b')}`]: 'in-sync',
      [`${mesh('b')} -> ${mesh('c')}`]: 'missing',
      [`${mesh('c')} -> ${mesh('a')}`]: 'in-sync',
    });
  });
});
