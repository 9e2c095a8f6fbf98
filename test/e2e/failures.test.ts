import { describe, it, expect } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { freePort } from '../sandbox/procs.js';
import { scenario, crossmesh, getJson, kubectl } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

describe.skipIf(!sb)('failures against real servers give clear messages', () => {
  it('a manifest the API server rejects stops the step at validation, and nothing after it is applied', async () => {
    const s = scenario(sb!, 'vf');
    // someone deployed echo by hand with another selector: the planned Deployment cannot replace it
    // (the selector is immutable), which only the server can know
    await kubectl(sb!, 'c1', ['create', 'namespace', s.names.ns.c1m1]);
    const hand = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: s.names.ns.c1m1 },
      spec: {
        selector: { matchLabels: { app: 'echo-by-hand' } },
        template: { metadata: { labels: { app: 'echo-by-hand' } }, spec: { containers: [{ name: 'echo', image: 'kong/go-echo:0.6.0' }] } },
      },
    };
    expect((await kubectl(sb!, 'c1', ['apply', '-f', '-'], JSON.stringify(hand))).exitCode).toBe(0);

    const r = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/validate failed: kubectl --context c1 apply --dry-run=server -f -/);
    expect(r.stdout).toMatch(/field is immutable/);
    expect(r.stdout).toMatch(/hint: The API server rejected the manifest/);
    expect(r.stdout).not.toMatch(/Traceback|\n\s+at /);
    // validation covers the whole step before anything of it is applied, and later steps never run
    expect(await getJson(sb!, 'c1', ['service', 'echo', '-n', s.names.ns.c1m1])).toBeUndefined();
    expect(await getJson(sb!, 'c2', ['deployment', 'client', '-n', s.names.ns.c2m2])).toBeUndefined();
    expect(await getJson(sb!, 'c1', ['meshgatewayinstances.kuma.io', s.names.gw1, '-n', s.names.ns.c1m1])).toBeUndefined();
    // the steps before it did apply
    expect(((await getJson(sb!, 'global', ['meshes.kuma.io', s.names.mesh1])) as Obj).spec.mtls.enabledBackend).toBe('ca-1');
  });

  it('an API server that does not answer gives a clear message within 10 seconds', async () => {
    const s = scenario(sb!, 'ur');
    // context c2 points at a port where no API server listens any more (a stopped server refuses connections)
    const kubeconfig = parse(readFileSync(sb!.kubeconfig, 'utf8')) as Obj;
    const c2 = kubeconfig.contexts.find((c: Obj) => c.name === 'c2');
    const cluster = kubeconfig.clusters.find((c: Obj) => c.name === c2.context.cluster);
    cluster.cluster.server = `https://127.0.0.1:${await freePort()}`;
    const file = join(s.dir, 'kubeconfig-stopped-c2.yaml');
    writeFileSync(file, stringify(kubeconfig));

    const started = Date.now();
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', '--kubeconfig', file]);
    const seconds = (Date.now() - started) / 1000;
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/cluster 2 \(context c2\) reachable/);
    expect(r.stdout).toMatch(/hint: The cluster behind "c2" cannot be reached/);
    expect(seconds).toBeLessThan(10);
    // nothing reached cluster 1 either: the checks come first
    expect(await getJson(sb!, 'c1', ['namespace', s.names.ns.c1m1])).toBeUndefined();

    const status = await crossmesh(s, ['status', '--kubeconfig', file]);
    expect(status.exitCode).toBe(1);
    // one line and one hint for the cluster, not one line per planned object
    expect(status.stdout).toMatch(/^could not read \d+ planned objects on c2: .*connect/m);
    expect(status.stdout.match(/on c2/g)).toHaveLength(1);
    expect(status.stdout).toMatch(/hint: The cluster behind "c2" cannot be reached/);
    expect(status.stdout.match(/could not read/g)).toHaveLength(1);
  });

  it('a missing kubectl gives a clear message within 10 seconds', async () => {
    const s = scenario(sb!, 'nb');
    const started = Date.now();
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify'], { env: { PATH: '/nonexistent' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/kubectl found/);
    expect(r.stdout).toMatch(/hint: kubectl is not on PATH: install it, or put the directory that holds it on PATH/);
  });

  it('a missing kumactl, with a global reached through kumactl, gives a clear message within 10 seconds', async () => {
    const s = scenario(sb!, 'nk', { global: { tool: 'kumactl', controlPlane: 'global' } });
    const started = Date.now();
    // the sandbox's bin (kubectl) stays on PATH; there is no kumactl anywhere on it
    const r = await crossmesh(s, ['apply', '--yes', '--no-verify'], { env: { PATH: sb!.binDir } });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/kumactl found/);
    expect(r.stdout).toMatch(/hint: kumactl is not on PATH/);
  });
});
