// The plain front end through stdin/stdout pipes (no terminal), against the sandbox.
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, getJson, gatewayController, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

const APPLY_STEPS = ['namespaces', 'mtls', 'permissions', 'workloads', 'gateway', 'external-service', 'reverse-matrix'];
const ESC = /\u001b\[/;
const BOX = /[\u2500-\u257f]/;

describe.skipIf(!sb)('plain front end through pipes', () => {
  const stops: Array<() => void> = [];
  afterAll(() => stops.forEach((stop) => stop()));
  const controllers = (s: Scenario, base: number) => {
    stops.push(
      gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: `203.0.113.${base}` }),
    );
    stops.push(
      gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: `203.0.113.${base + 1}` }),
    );
  };

  it('--yes without --plain picks the plain front end by itself, runs every step, and prints no escape sequence', async () => {
    const s = scenario(sb!, 'pl');
    controllers(s, 81);
    const r = await crossmesh(s, ['--yes'], { env: { NO_COLOR: '1', TERM: 'xterm-256color' } });
    expect(r.stderr).toContain('no terminal on stdin or stdout, so the plain line-by-line front end is used');
    expect(r.stdout).toMatch(/== step 1\/9: prerequisites/);
    for (const step of APPLY_STEPS) expect(r.stdout).toMatch(new RegExp(`${step}: applied`));
    // the check runs and fails only because no pod runs in this sandbox
    expect(r.stdout).toMatch(/== step 9\/9: verify/);
    expect(r.stdout).toMatch(/no client pod exists yet/);
    expect(r.exitCode).toBe(1);
    expect(ESC.test(r.stdout)).toBe(false);
    expect(ESC.test(r.stderr)).toBe(false);
    // what it said it applied is on the clusters
    expect(
      ((await getJson(sb!, 'c2', ['meshexternalservices.kuma.io', `echo-${s.prefix}mesh-1-http`, '-n', sb!.systemNamespace])) as Obj).spec
        .endpoints,
    ).toEqual([{ address: '203.0.113.81', port: 8080 }]);

    // TERM=dumb: no box drawing, ASCII marks, and still no escape sequence even without NO_COLOR
    const env: NodeJS.ProcessEnv = { ...s.env, TERM: 'dumb' };
    delete env.NO_COLOR;
    const dumb = await crossmesh({ ...s, env }, ['--plain', '--yes', '--no-verify']);
    expect(dumb.exitCode).toBe(0);
    for (const step of APPLY_STEPS) expect(dumb.stdout).toMatch(new RegExp(`${step}: in-sync`));
    expect(dumb.stderr).toBe(''); // --plain was asked for, so there is nothing to explain
    expect(ESC.test(dumb.stdout)).toBe(false);
    expect(dumb.stdout.match(BOX) ?? []).toEqual([]);
    expect(dumb.stdout.match(/[✔✓✖✗⚠▶●○…]/gu) ?? []).toEqual([]);
  });

  it('without --yes, answers piped in line by line apply every step', async () => {
    const s = scenario(sb!, 'pn');
    controllers(s, 91);
    // one answer per step question (8 steps without verify); the rest is ignored
    const r = await crossmesh(s, ['--plain', '--no-verify'], { input: 'a\n'.repeat(20) });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    for (const step of APPLY_STEPS) {
      expect(r.stdout).toContain(`? Step ${step}: apply it? [a=apply, s=skip`);
      expect(r.stdout).toMatch(new RegExp(`${step}: applied`));
    }
    expect(r.stdout.match(/\? Step \S+: apply it\?/g)).toHaveLength(8);
    // the manifests are shown before each question
    expect(r.stdout).toMatch(/kind: MeshTrafficPermission/);
    expect(r.stdout).toContain('Every step is done.');
    expect(ESC.test(r.stdout)).toBe(false);
    const status = await crossmesh(s, ['status']);
    expect(status.exitCode).toBe(0);
  });

  it('an address typed for a gateway is remembered: plan, export and status use it afterwards', async () => {
    const s = scenario(sb!, 'pt', { gatewayWait: '1s' });
    // seven steps up to the first external service, its address, the second direction, its address
    const input = `${'a\n'.repeat(7)}198.51.100.7\na\n198.51.100.8\n`;
    const r = await crossmesh(s, ['--plain', '--no-verify'], { input });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const journal = JSON.parse(readFileSync(join(s.dir, '.crossmesh', 'journal.json'), 'utf8')) as Obj;
    expect(journal.facts.gatewayAddresses).toEqual({ mesh1: '198.51.100.7', mesh2: '198.51.100.8' });

    expect((await crossmesh(s, ['export', 'out'])).exitCode).toBe(0);
    const mes = readdirSync(join(s.dir, 'out', '07-external-service')).find((f) => f.includes('meshexternalservice'))!;
    const text = readFileSync(join(s.dir, 'out', '07-external-service', mes), 'utf8');
    expect(text).toContain('address: 198.51.100.7');
    expect(text).not.toContain('gateway-address.invalid');
    const plan = await crossmesh(s, ['plan']);
    expect(plan.stdout).toContain('address: 198.51.100.8');
    expect((await crossmesh(s, ['status'])).exitCode).toBe(0);
  });

  it('stops when the piped answers run out, saying so', async () => {
    const s = scenario(sb!, 'pe');
    const r = await crossmesh(s, ['--plain', '--no-verify'], { input: 'a\n', timeoutMs: 30_000 });
    expect(r.stderr).toMatch(/standard input ended before every question was answered/);
    expect(r.exitCode).toBe(1);
  });

  it('without a terminal, --yes and crossmesh.yaml, stops at once naming the keys to write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crossmesh-e2e-noconf-'));
    const s: Scenario = { ...scenario(sb!, 'nc'), dir };
    const started = Date.now();
    const r = await crossmesh(s, [], { timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.exitCode).not.toBe(0);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('zones (a name and a kube context each), meshes, links and global');
    expect(r.stderr).toContain('--yes');
    expect(r.stdout).toBe('');
  });
});
