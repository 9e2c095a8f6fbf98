// Resume after an interrupted wizard, a setup made by hand from the guide, and a damaged journal.
import { describe, it, expect, afterAll } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { useSandbox } from '../sandbox/fixture.js';
import { waitForMeshInZone } from '../sandbox/standin-control.js';
import { PtySession, KEYS } from '../support/pty.js';
import { scenario, crossmesh, kubectl, gatewayController, type Scenario } from './support.js';

const sb = useSandbox();
type Obj = Record<string, any>;

/** The step titles, which name the scenario's meshes. */
const titlesFor = (s: Scenario) => [
  'Prerequisites',
  'Namespaces',
  'Meshes with mTLS',
  'Traffic permissions',
  'Workloads',
  `Gateway for ${s.names.mesh1}`,
  `${s.names.mesh2} -> ${s.names.mesh1}`,
  `${s.names.mesh1} -> ${s.names.mesh2}`,
  'Connectivity check',
];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** the key hints shown while a step waits for its decision */
const ASKING = /\ba (apply|run the checks?)\s+s skip/;

/** the step list marks the current step */
const current = (n: number) => `▶ ${n}\\. \\S`;

const journalFile = (s: Scenario) => join(s.dir, '.crossmesh', 'journal.json');

/** Waits until the wizard shows step n (header and title) and asks for a decision. */
async function atStep(p: PtySession, n: number): Promise<string> {
  return p.waitFor(new RegExp(`step ${n} of 9[\\s\\S]*${current(n)}[\\s\\S]*${ASKING.source}`), 90_000);
}

/** From the prerequisites, presses 'a' through steps 1-4 and stops when step 5 (Workloads) is previewed. */
async function runToWorkloads(p: PtySession): Promise<string> {
  for (let n = 1; n <= 4; n++) {
    await atStep(p, n);
    p.press('a');
  }
  return atStep(p, 5);
}

/** Answers 'a' to every step question until the wizard says it has finished; returns the step numbers seen. */
async function applyUntilFinished(p: PtySession, timeoutMs = 170_000): Promise<number[]> {
  const seen: number[] = [];
  const start = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const screen = p.screen();
    if (/Enter exit/.test(screen)) return seen;
    // the connectivity check fails here (no pod runs): skip it; any other failure is one
    if (/r retry\s+s skip step/.test(screen)) {
      if (!/step 9 of 9/.test(screen)) throw new Error(`a step failed; screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 150));
      p.press('s');
      await p.waitFor(/Enter exit/, 30_000);
      continue;
    }
    const n = Number(/step (\d) of 9/.exec(screen)?.[1] ?? 0);
    if (ASKING.test(screen) && n && n !== seen[seen.length - 1] && new RegExp(current(n)).test(screen)) {
      seen.push(n);
      // Ink attaches a new screen's key handler just after drawing it
      await new Promise((r) => setTimeout(r, 150));
      p.press('a');
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`not finished after ${timeoutMs} ms (steps answered: ${seen.join(',')}); screen:\n${p.screen()}`);
  }
}

function expectResumeAtWorkloads(screen: string): void {
  expect(screen).toContain('crossmesh found an earlier setup');
  expect(screen).toMatch(/Namespaces\s+in sync/);
  expect(screen).toMatch(/Meshes with mTLS\s+in sync/);
  expect(screen).toMatch(/Traffic permissions\s+in sync/);
  expect(screen).toMatch(/Workloads\s+not applied\s+\S+ continue here/);
  // only one step is offered
  expect(screen.match(/continue here/g)).toHaveLength(1);
  expect(screen).toMatch(/Enter continue at workloads/);
}

describe.skipIf(!sb)('resume after the wizard was interrupted at step 5', () => {
  const stops: Array<() => void> = [];
  const sessions: PtySession[] = [];
  const pty = (s: Scenario) => {
    const p = new PtySession([], { cwd: s.dir, env: s.env });
    sessions.push(p);
    return p;
  };
  afterAll(() => {
    stops.forEach((stop) => stop());
    sessions.forEach((p) => p.kill());
  });

  it('Ctrl-C at the Workloads preview, then a new start offers Workloads and finishes the setup', async () => {
    const s = scenario(sb!, 'rs');
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.31' }));
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: '203.0.113.32' }));

    const first = pty(s);
    await runToWorkloads(first);
    first.press(KEYS.ctrlC);
    expect(await first.exit()).toBe(130);
    // steps 2-4 reached the clusters, workloads did not
    expect((await kubectl(sb!, 'c1', ['get', 'ns', s.names.ns.c1m1])).exitCode).toBe(0);
    expect((await kubectl(sb!, 'global', ['get', 'meshes.kuma.io', s.names.mesh2])).exitCode).toBe(0);
    expect(
      (await kubectl(sb!, 'c1', ['get', 'deployment', 'echo', '-n', s.names.ns.c1m1, '--ignore-not-found', '-o', 'name'])).stdout.trim(),
    ).toBe('');
    const journal = JSON.parse(readFileSync(journalFile(s), 'utf8')) as Obj;
    expect(new Set(journal.entries.map((e: Obj) => e.step))).toEqual(new Set(['namespaces', 'mtls', 'permissions']));

    const second = pty(s);
    const resume = await second.waitFor('continue here', 60_000);
    expectResumeAtWorkloads(resume);
    second.press(KEYS.enter);
    const seen = await applyUntilFinished(second);
    // the prerequisites run again, then the walk goes on from Workloads: steps 2-4 are not asked again
    expect(seen.filter((n) => n >= 2 && n <= 4)).toEqual([]);
    expect(seen).toEqual(expect.arrayContaining([5, 6, 7, 8, 9]));
    // verify fails without running pods; that is the expected end of this run
    expect(second.screen()).toMatch(/Connectivity check/);
    second.press(KEYS.enter);
    expect(await second.exit()).toBe(1);

    const status = await crossmesh(s, ['status']);
    expect(status.stdout).toContain('Every step matches the plan.');
    expect(status.exitCode).toBe(0);
  });

  it('SIGKILL at the Workloads preview leaves a valid journal, and a new start offers Workloads again', async () => {
    const s = scenario(sb!, 'rk');
    const first = pty(s);
    await runToWorkloads(first);
    first.pty.kill('SIGKILL');
    await first.exit();

    const text = readFileSync(journalFile(s), 'utf8');
    const journal = JSON.parse(text) as Obj; // throws on a torn file
    expect(journal.version).toBe(1);
    expect(Object.keys(journal.bindings).sort()).toEqual(['c1', 'c2']);
    expect(journal.entries.filter((e: Obj) => e.step === 'permissions')).toHaveLength(3);
    // no temporary file of the atomic write is left behind
    expect(readdirSync(join(s.dir, '.crossmesh')).filter((f) => f !== 'journal.json')).toEqual([]);

    const second = pty(s);
    const resume = await second.waitFor('continue here', 60_000);
    expectResumeAtWorkloads(resume);
    second.press('q');
    expect(await second.exit()).toBe(1);
    // quitting the resume screen changes nothing
    expect(readFileSync(journalFile(s), 'utf8')).toBe(text);
  });
});

describe.skipIf(!sb)('a setup made by hand from the guide', () => {
  it("status counts hand-made namespaces and meshes (without crossmesh's label) as in sync, permissions missing, exit 3", async () => {
    const s = scenario(sb!, 'hb');
    const plan = await crossmesh(s, ['plan', '--format', 'json']);
    expect(plan.exitCode).toBe(0);
    const items = (JSON.parse(String(plan.stdout)) as Obj[]).filter((i) => i.step === 'namespaces' || i.step === 'mtls');
    expect(items).toHaveLength(6);
    // a person following the guide does not add crossmesh's bookkeeping label
    for (const item of items) delete item.object.metadata.labels?.['app.kubernetes.io/managed-by'];
    for (const context of ['c1', 'c2', 'global']) {
      const docs = items.filter((i) => i.context === context).map((i) => stringify(i.object));
      const r = await kubectl(sb!, context, ['apply', '-f', '-'], docs.join('---\n'));
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
    }
    const ns = await kubectl(sb!, 'c1', ['get', 'ns', s.names.ns.c1m1, '-o', 'json']);
    expect(JSON.parse(ns.stdout).metadata.labels['app.kubernetes.io/managed-by']).toBeUndefined();
    // as on a real global, the zones get the hand-made Meshes a moment later
    for (const context of ['c1', 'c2']) for (const mesh of [s.names.mesh1, s.names.mesh2]) await waitForMeshInZone(sb!, context, mesh);

    const r = await crossmesh(s, ['status', '--json']);
    const report = JSON.parse(String(r.stdout)) as Obj;
    const step = (id: string) => report.steps.find((x: Obj) => x.step === id);
    const notInSync = (id: string) =>
      step(id)
        .objects.filter((o: Obj) => o.state !== 'in-sync')
        .map((o: Obj) => `${o.object} on ${o.context}: ${o.state} ${JSON.stringify(o.differences)}`);
    expect(notInSync('namespaces')).toEqual([]);
    expect(notInSync('mtls')).toEqual([]);
    expect(step('namespaces').state).toBe('in-sync');
    expect(step('mtls').state).toBe('in-sync');
    expect(step('permissions').state).toBe('missing');
    expect(report.inSync).toBe(false);
    expect(r.exitCode).toBe(3);

    const text = await crossmesh(s, ['status']);
    expect(text.exitCode).toBe(3);
    expect(text.stdout).toMatch(/namespaces\s+in sync/);
    expect(text.stdout).toMatch(/mtls\s+in sync/);
    expect(text.stdout).toMatch(/permissions\s+missing/);
  });
});

describe.skipIf(!sb)('a damaged journal', () => {
  const stops: Array<() => void> = [];
  afterAll(() => stops.forEach((stop) => stop()));

  it('status goes by the live state and says the journal is unreadable; apply writes a valid new journal', async () => {
    const s = scenario(sb!, 'rc');
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.41' }));
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: '203.0.113.42' }));
    const applied = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(applied.exitCode).toBe(0);

    const file = journalFile(s);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    expect(() => JSON.parse(readFileSync(file, 'utf8'))).toThrow();

    const status = await crossmesh(s, ['status']);
    expect(status.stderr).toMatch(/journal/);
    expect(status.stderr).toMatch(/unreadable/);
    expect(status.stdout).toContain('Every step matches the plan.');
    expect(status.exitCode).toBe(0);
    // status only reads: the damaged file stays where it is
    expect(readdirSync(join(s.dir, '.crossmesh'))).toEqual(['journal.json']);

    const again = await crossmesh(s, ['apply', '--yes', '--no-verify']);
    expect(again.stderr).toMatch(/journal .*unreadable/);
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain('Every step is done.');
    const journal = JSON.parse(readFileSync(file, 'utf8')) as Obj;
    expect(journal.version).toBe(1);
    expect(Object.keys(journal.bindings).sort()).toEqual(['c1', 'c2']);
    // every object was already in sync, so nothing new is recorded, but the facts the plan needs are
    expect(journal.entries).toEqual([]);
    expect(journal.facts).toMatchObject({
      systemNamespace: sb!.systemNamespace,
      gatewayAddresses: { mesh1: '203.0.113.41', mesh2: '203.0.113.42' },
    });
    // the damaged journal is set aside, not lost
    expect(readdirSync(join(s.dir, '.crossmesh')).some((f) => f.startsWith('journal.json.unreadable-'))).toBe(true);
    expect(existsSync(file)).toBe(true);

    const after = await crossmesh(s, ['status']);
    expect(after.stderr).toBe('');
    expect(after.exitCode).toBe(0);
  });
});

describe.skipIf(!sb)('quitting at each step and coming back (120x40)', () => {
  const stops: Array<() => void> = [];
  const sessions: PtySession[] = [];
  afterAll(() => {
    stops.forEach((stop) => stop());
    sessions.forEach((p) => p.kill());
  });

  it('each restart resumes at the step where the user quit, with the steps before it shown in sync in the list and on the map', async () => {
    const s = scenario(sb!, 'rq');
    const TITLES = titlesFor(s);
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m1, name: s.names.gw1, mesh: s.names.mesh1, address: '203.0.113.41' }));
    stops.push(gatewayController(sb!, { namespace: s.names.ns.c1m2, name: s.names.gw2, mesh: s.names.mesh2, address: '203.0.113.42' }));
    const open = () => {
      const p = new PtySession([], { cwd: s.dir, env: s.env, cols: 120, rows: 40 });
      sessions.push(p);
      return p;
    };
    // first run: the checks, then quit at Namespaces before anything is applied
    let p = open();
    await atStep(p, 1);
    p.press('a');
    await atStep(p, 2);
    p.press('q');
    expect(await p.exit()).toBe(1);

    for (let n = 2; n <= 8; n++) {
      p = open();
      if (n > 2) {
        const resume = await p.waitFor('continue here', 60_000);
        expect(resume).toMatch(new RegExp(`${esc(TITLES[n - 1]!.slice(0, 20))}[^\\n]*not applied\\s+\\S+ continue here`));
        p.press(KEYS.enter);
        await atStep(p, 1);
        p.press('a');
      } else {
        await atStep(p, 1);
        p.press('a');
      }
      const screen = await atStep(p, n);
      // one current step; every step before it (after the checks) is in sync
      expect(screen.match(/▶/g)).toHaveLength(1);
      for (let k = 2; k < n; k++) expect(screen).toMatch(new RegExp(`✔ ${k}\\. ${esc(TITLES[k - 1]!)}`));
      for (let k = n + 1; k <= 9; k++) expect(screen).toMatch(new RegExp(`○ ${k}\\. ${esc(TITLES[k - 1]!)}`));
      // the map agrees with the list
      p.press('m');
      const map = await p.waitFor(/m hide map/);
      expect(map).toMatch(/✔/);
      p.press('m');
      await atStep(p, n);
      p.press('a');
      if (n < 8) {
        await atStep(p, n + 1);
        p.press('q');
        expect(await p.exit()).toBe(1);
      }
    }
    // after the last direction, the check at the end; then everything is in sync
    await p.waitFor(/step 9 of 9/, 60_000);
    p.press('q');
    await p.exit();
    expect((await crossmesh(s, ['status'])).exitCode).toBe(0);
  });
});
