/**
 * `crossmesh status` starts one process per context (issue 12): with a global on Kubernetes, the
 * global's Zone and ZoneInsight objects ride along in the same `kubectl get -f -` as its Meshes, and
 * the zone states are the ones the separate zone-health read (readZoneHealth) gives. A fake Runner
 * counts the processes and plays the clusters; the sandbox suites run status against real API servers.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { Tools } from '../../src/adapter/tools.js';
import type { Runner, RunRequest, RunResult } from '../../src/adapter/runner.js';
import { parseConfigText } from '../../src/config/file.js';
import type { CrossmeshConfig } from '../../src/config/types.js';
import { statusReport, renderStatusText } from '../../src/app/status.js';
import { readZoneHealth } from '../../src/cluster/zone-health.js';
import { Journal } from '../../src/state/journal.js';
import { makeStyle } from '../../src/render/style.js';
import { EXIT } from '../../src/model/exit-codes.js';

type Json = Record<string, unknown>;

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };
const ONLINE_SINCE = '2026-11-27T10:00:00Z';
const GONE = { connectTime: '2026-11-27T09:00:00Z', disconnectTime: '2026-11-27T09:30:00Z' };

/** Three zones, two meshes linked both ways; the global reached as `global` (kubectl) or through kumactl. */
function configText(global: string): string {
  return `version: 2
global: ${global}
zones:
  - { name: zone1, context: c1 }
  - { name: zone2, context: c2 }
  - { name: zone3, context: c3 }
meshes:
  - { name: mesh1, home: zone1, namespaces: { zone1: c1m1, zone2: c2m1, zone3: c3m1 } }
  - { name: mesh2, home: zone2, namespaces: { zone1: c1m2, zone2: c2m2, zone3: c3m2 } }
links:
  - { from: mesh2, to: mesh1 }
  - { from: mesh1, to: mesh2 }
`;
}

/** What the global keeps about the zones: zone1 online, zone2 disconnected, zone3 disabled, and a zone of another setup. */
function globalZoneObjects(): Json[] {
  const zone = (name: string, enabled: boolean) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'Zone',
    metadata: { name },
    spec: { enabled },
  });
  const insight = (name: string, subscriptions: Json[]) => ({
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'ZoneInsight',
    metadata: { name },
    spec: { subscriptions },
  });
  return [
    zone('zone1', true),
    insight('zone1', [GONE, { connectTime: ONLINE_SINCE }]),
    zone('zone2', true),
    insight('zone2', [GONE]),
    zone('zone3', false),
    insight('zone3', [{ connectTime: ONLINE_SINCE }]),
    zone('elsewhere', true),
    insight('elsewhere', [{ connectTime: ONLINE_SINCE }]),
  ];
}

interface World {
  runner: Runner;
  /** the processes started, per context ("kubectl <context>" or "kumactl") */
  processes: Map<string, RunRequest[]>;
  /** objects per kube context */
  objects: Map<string, Json[]>;
  /** kinds a context's API server does not serve */
  unserved: Map<string, string[]>;
  /** kinds a context's user may not read */
  forbidden: Map<string, string[]>;
  /** contexts that cannot be reached */
  down: Set<string>;
}

const contextOf = (req: RunRequest) => (req.file === 'kubectl' ? `kubectl ${req.args[req.args.indexOf('--context') + 1]}` : 'kumactl');
const nameOf = (o: Json) => String((o['metadata'] as Json | undefined)?.['name']);
const list = (items: Json[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

/** A fake kubectl (get -f -, and get zones.kuma.io,zoneinsights.kuma.io) and kumactl (get meshes, inspect zones) that counts every process. */
function fakeWorld(): World {
  const world: World = {
    runner: async () => OK,
    processes: new Map(),
    objects: new Map(),
    unserved: new Map(),
    forbidden: new Map(),
    down: new Set(),
  };
  world.objects.set('global', globalZoneObjects());
  world.runner = async (req) => {
    const where = contextOf(req);
    world.processes.set(where, [...(world.processes.get(where) ?? []), req]);
    if (req.file === 'kumactl') {
      if (req.args.includes('inspect')) {
        const objects = globalZoneObjects();
        const items = objects
          .filter((o) => o['kind'] === 'Zone')
          .map((z) => ({
            type: 'ZoneOverview',
            name: nameOf(z),
            zone: z['spec'],
            zoneInsight: (objects.find((i) => i['kind'] === 'ZoneInsight' && nameOf(i) === nameOf(z))?.['spec'] ?? {}) as Json,
          }));
        return { ...OK, stdout: JSON.stringify({ total: items.length, items }) };
      }
      return { ...OK, stdout: JSON.stringify({ total: 0, items: [] }) };
    }
    const context = where.slice('kubectl '.length);
    if (world.down.has(context))
      return {
        ...OK,
        exitCode: 1,
        stderr: 'The connection to the server 127.0.0.1:1 was refused - did you specify the right host or port?',
      };
    const have = world.objects.get(context) ?? [];
    const unserved = world.unserved.get(context) ?? [];
    const forbidden = world.forbidden.get(context) ?? [];
    if (req.args.includes('-f')) {
      // as kubectl does: prints what it found, one line per object it could not get, exit 1 if any
      const errors: string[] = [];
      const found: Json[] = [];
      for (const doc of parseAllDocuments(req.input ?? '').map((d) => d.toJS() as Json)) {
        const kind = String(doc['kind']);
        if (unserved.includes(kind)) {
          errors.push(
            `resource mapping not found for name: "${nameOf(doc)}" namespace: "" from "STDIN": no matches for kind "${kind}" in version "${String(doc['apiVersion'])}"`,
            'ensure CRDs are installed first',
          );
          continue;
        }
        if (forbidden.includes(kind)) {
          errors.push(
            `Error from server (Forbidden): ${kind.toLowerCase()}s.kuma.io "${nameOf(doc)}" is forbidden: User "u" cannot get resource "${kind.toLowerCase()}s"`,
          );
          continue;
        }
        const live = have.find((o) => o['kind'] === kind && nameOf(o) === nameOf(doc));
        if (live) found.push(live);
      }
      return { ...OK, exitCode: errors.length ? 1 : 0, stdout: list(found), stderr: errors.join('\n') };
    }
    if (req.args.includes('zones.kuma.io,zoneinsights.kuma.io')) {
      if (unserved.includes('Zone')) return { ...OK, exitCode: 1, stderr: 'error: the server doesn\'t have a resource type "zones"' };
      return { ...OK, stdout: list(have.filter((o) => o['kind'] === 'Zone' || o['kind'] === 'ZoneInsight')) };
    }
    return { ...OK, exitCode: 1, stderr: `the fake does not answer ${req.args.join(' ')}` };
  };
  return world;
}

const counts = (world: World) => Object.fromEntries([...world.processes].map(([k, v]) => [k, v.length]));

let dir: string;
let journal: Journal;
let kumactlConfig: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crossmesh-status-processes-'));
  journal = new Journal(join(dir, '.crossmesh', 'journal.json'), { readOnly: true });
  kumactlConfig = join(dir, 'kumactl-config');
  writeFileSync(
    kumactlConfig,
    stringify({
      contexts: [{ name: 'global', controlPlane: 'global' }],
      controlPlanes: [{ name: 'global', coordinates: { apiServer: { url: 'http://127.0.0.1:5681' } } }],
      currentContext: 'global',
    }),
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The zone states status showed before the zones rode along: readZoneHealth's answer, matched to the setup's zones. */
async function zonesTheOldWay(config: CrossmeshConfig, world: World) {
  const health = await readZoneHealth(new Tools({ runner: world.runner, kumactlConfig }), config);
  world.processes.clear();
  return config.zones.map(({ context, zone }) => {
    const seen = health.zones.find((z) => z.name === zone);
    return { context, zone, state: seen?.state ?? 'unknown-zone', ...(seen?.since ? { since: seen.since } : {}) };
  });
}

const EXPECTED_ZONES = [
  { context: 'c1', zone: 'zone1', state: 'online', since: ONLINE_SINCE },
  { context: 'c2', zone: 'zone2', state: 'offline', since: GONE.disconnectTime },
  { context: 'c3', zone: 'zone3', state: 'disabled' },
];

describe('status: processes per context', () => {
  const kubectlGlobal = () => parseConfigText(configText('{ tool: kubectl, context: global }'));

  it('a global on Kubernetes and three zones: one process per context, the zones read with the Meshes', async () => {
    const config = kubectlGlobal();
    const world = fakeWorld();
    const before = await zonesTheOldWay(config, world);
    const report = await statusReport(new Tools({ runner: world.runner }), config, journal);

    expect(counts(world)).toEqual({ 'kubectl c1': 1, 'kubectl c2': 1, 'kubectl c3': 1, 'kubectl global': 1 });
    const globalCall = world.processes.get('kubectl global')![0]!;
    expect(globalCall.args).toEqual(['--context', 'global', 'get', '-f', '-', '-o', 'json', '--ignore-not-found']);
    const asked = parseAllDocuments(globalCall.input ?? '').map((d) => d.toJS() as Json);
    expect(asked.filter((o) => o['kind'] === 'Mesh').map(nameOf)).toEqual(['mesh1', 'mesh2']);
    expect(
      asked.filter((o) => o['kind'] === 'Zone' || o['kind'] === 'ZoneInsight').map((o) => `${String(o['kind'])}/${nameOf(o)}`),
    ).toEqual(['Zone/zone1', 'ZoneInsight/zone1', 'Zone/zone2', 'ZoneInsight/zone2', 'Zone/zone3', 'ZoneInsight/zone3']);

    // the same zone states as the separate read gave
    expect(report.zones.map(({ cluster: _cluster, ...z }) => z)).toEqual(before);
    expect(before).toEqual(EXPECTED_ZONES);
    expect(report.zoneHealthError).toBeUndefined();
    expect(report.rows.flatMap((r) => r.objects).every((o) => o.state === 'missing')).toBe(true);
    expect(report.exitCode).toBe(EXIT.notInSync);
    const text = renderStatusText(report, makeStyle({ color: false }));
    expect(text).toContain('zone zone1 (context c1): online');
    expect(text).toContain(
      `zone zone2 (context c2): OFFLINE: not connected to the global, so it receives no Meshes or changes, since ${GONE.disconnectTime}`,
    );
    expect(text).toContain('zone zone3 (context c3): disabled at the global: it receives nothing');
  });

  it('a zone the global has never seen is not known to it, as before', async () => {
    const config = kubectlGlobal();
    const world = fakeWorld();
    world.objects.set(
      'global',
      globalZoneObjects().filter((o) => nameOf(o) !== 'zone3'),
    );
    const before = await zonesTheOldWay(config, world);
    const report = await statusReport(new Tools({ runner: world.runner }), config, journal);
    expect(counts(world)['kubectl global']).toBe(1);
    expect(report.zones.map(({ cluster: _cluster, ...z }) => z)).toEqual(before);
    expect(report.zones[2]).toMatchObject({ zone: 'zone3', state: 'unknown-zone' });
  });

  it('a global that cannot be reached: one call, its objects unknown and the zones not read, with the same error', async () => {
    const world = fakeWorld();
    world.down.add('global');
    const report = await statusReport(new Tools({ runner: world.runner }), kubectlGlobal(), journal);
    expect(counts(world)['kubectl global']).toBe(1);
    const onGlobal = report.rows.flatMap((r) => r.objects).filter((o) => o.manifest.target.context === 'global');
    expect(onGlobal.length).toBeGreaterThan(0);
    expect(onGlobal.every((o) => o.state === 'unknown' && /connection to the server .* was refused/.test(o.error ?? ''))).toBe(true);
    expect(report.zoneHealthError).toMatch(/connection to the server .* was refused/);
    expect(report.exitCode).toBe(EXIT.failed);
    const text = renderStatusText(report, makeStyle({ color: false }));
    expect(text).toMatch(/zones: could not ask the global control plane how it sees them \(The connection to the server/);
    expect(text).toMatch(/could not read 2 planned objects on global: The connection to the server/);
  });

  it('an API server without the Zone kinds: the Meshes are read again without them (the one second call), the zones not', async () => {
    const world = fakeWorld();
    world.unserved.set('global', ['Zone', 'ZoneInsight']);
    world.objects.set('global', [{ apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: 'mesh1' }, spec: {} }]);
    const report = await statusReport(new Tools({ runner: world.runner }), kubectlGlobal(), journal);
    const calls = world.processes.get('kubectl global')!;
    expect(calls).toHaveLength(2);
    expect(calls[1]!.input).not.toMatch(/kind: Zone/);
    expect(counts(world)).toMatchObject({ 'kubectl c1': 1, 'kubectl c2': 1, 'kubectl c3': 1 });
    const meshes = report.rows.flatMap((r) => r.objects).filter((o) => o.manifest.target.context === 'global');
    expect(meshes.map((o) => o.state)).toEqual(['drifted', 'missing']);
    expect(report.zoneHealthError).toBe(
      'no matches for kind "Zone" in version "kuma.io/v1alpha1"; no matches for kind "ZoneInsight" in version "kuma.io/v1alpha1"',
    );
    expect(report.exitCode).toBe(EXIT.notInSync);
  });

  it('zones the user may not read: the same, the Meshes still read', async () => {
    const world = fakeWorld();
    world.forbidden.set('global', ['Zone', 'ZoneInsight']);
    const report = await statusReport(new Tools({ runner: world.runner }), kubectlGlobal(), journal);
    expect(world.processes.get('kubectl global')).toHaveLength(2);
    const meshes = report.rows.flatMap((r) => r.objects).filter((o) => o.manifest.target.context === 'global');
    expect(meshes.map((o) => o.state)).toEqual(['missing', 'missing']);
    expect(report.zoneHealthError).toMatch(
      /^Error from server \(Forbidden\): zones\.kuma\.io "zone1" is forbidden.*; Error from server \(Forbidden\): zoneinsights/,
    );
  });

  it('a kumactl global: two processes there (kumactl get meshes, kumactl inspect zones), one per zone context, the same zone states', async () => {
    const config = parseConfigText(configText('{ tool: kumactl, controlPlane: global }'));
    const world = fakeWorld();
    const report = await statusReport(new Tools({ runner: world.runner, kumactlConfig }), config, journal);
    expect(counts(world)).toEqual({ 'kubectl c1': 1, 'kubectl c2': 1, 'kubectl c3': 1, kumactl: 2 });
    expect(world.processes.get('kumactl')!.map((r) => r.args.filter((a) => !a.startsWith('--') && !a.includes('/')).join(' '))).toEqual(
      expect.arrayContaining(['get meshes -o json', 'inspect zones -o json']),
    );
    expect(report.zones.map(({ cluster: _cluster, ...z }) => z)).toEqual(EXPECTED_ZONES);
  });
});
