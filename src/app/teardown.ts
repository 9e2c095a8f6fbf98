import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import { scanStatusWithFingerprints } from './scan.js';
import { describeObject, multiDocYaml, liveIsManagedByCrossmesh, liveSetup, SETUP_LABEL } from '../cluster/read.js';
import type { LiveObject } from '../model/types.js';
import type { Journal } from '../state/journal.js';
import { isKubeObject, kindOf, nameOf, type Manifest } from '../model/types.js';
import type { ToolResult } from '../adapter/tools.js';
import { pause } from '../adapter/pause.js';
import { configWithJournalFacts, factsFromJournal } from '../state/facts.js';
import { hintFor } from '../adapter/hints.js';
import { objectIdentity } from './links.js';

export interface TeardownPlan {
  remove: LiveObject[];
  keep: Array<{ object: LiveObject; reason: string }>;
  /** kube-system UID per zone context, read in the same calls */
  fingerprints: Record<string, string>;
}

/**
 * What teardown would delete (in reverse order) and what it leaves alone, with the reason. It
 * deletes only what this setup created: objects labelled with its setup name, or (made before
 * the label existed) listed in its journal as created by it. With the journal lost, the label
 * alone decides, so another setup's objects are never deleted.
 */
export async function planTeardown(
  tools: Tools,
  config: CrossmeshConfig,
  journal: Journal,
  setupId: string,
  /** only these objects (by objectIdentity), e.g. the ones a single link needs */
  only?: Set<string>,
): Promise<TeardownPlan> {
  const effective = configWithJournalFacts(config, journal.data);
  const { rows, fingerprints } = await scanStatusWithFingerprints(tools, effective, factsFromJournal(effective, journal.data));
  const planned = rows.flatMap((r) => r.objects).filter((o) => !only || only.has(objectIdentity(o.manifest)));
  const present = planned.filter((o) => o.state === 'in-sync' || o.state === 'drifted');
  const unreadable = planned.filter((o) => o.state === 'unknown');
  if (unreadable.length)
    throw new Error(
      `could not read ${describeObject(unreadable[0]!.manifest)} on ${unreadable[0]!.manifest.target.context}: ${unreadable[0]!.error}`,
    );
  const plan: TeardownPlan = { remove: [], keep: [], fingerprints };
  for (const o of present.reverse()) {
    const recorded = journal.latest(o.manifest.id);
    const owner = liveSetup(o.live);
    if (recorded?.existedBefore) plan.keep.push({ object: o, reason: 'it existed before crossmesh applied it' });
    else if (!liveIsManagedByCrossmesh(o.live))
      plan.keep.push({ object: o, reason: 'it does not carry the app.kubernetes.io/managed-by=crossmesh label' });
    else if (owner && owner !== setupId)
      plan.keep.push({ object: o, reason: `another crossmesh setup made it (${SETUP_LABEL}=${owner}; this one is ${setupId})` });
    else if (!owner && !recorded)
      plan.keep.push({
        object: o,
        reason: `this setup did not make it (no ${SETUP_LABEL}=${setupId} label, and the journal does not list it)`,
      });
    else plan.remove.push(o);
  }
  return plan;
}

export interface TeardownOptions {
  /** how long to wait for pods to stop and for the Meshes to lose their data plane proxies */
  drainWaitMs: number;
  pollMs?: number;
}

/** Kinds whose objects run pods (and so data plane proxies): deleted first, then waited for. */
const RUNS_PODS = new Set(['Deployment', 'MeshGatewayInstance']);

type Phase = 'workloads' | 'zone-policies' | 'meshes' | 'namespaces';

/** Kuma's order: workloads, their pods gone, zone policies, then the Meshes; namespaces last. */
function phaseOf(m: Manifest): Phase {
  const kind = kindOf(m.object);
  if (kind === 'Mesh') return 'meshes';
  if (kind === 'Namespace') return 'namespaces';
  const apiVersion = isKubeObject(m.object) ? m.object.apiVersion : '';
  return apiVersion.startsWith('kuma.io/') && kind !== 'MeshGatewayInstance' ? 'zone-policies' : 'workloads';
}

export async function executeTeardown(tools: Tools, plan: TeardownPlan, log: (line: string) => void, o: TeardownOptions): Promise<boolean> {
  const phases: Phase[] = ['workloads', 'zone-policies', 'meshes', 'namespaces'];
  let ok = true;
  for (const phase of phases) {
    const objects = plan.remove.map((r) => r.manifest).filter((m) => phaseOf(m) === phase);
    if (!objects.length) continue;
    if (phase === 'meshes') ok = (await deleteMeshes(tools, objects, log, o)) && ok;
    else ok = (await deleteInOrder(tools, objects, log)) && ok;
    if (phase === 'workloads')
      await waitForPodsGone(
        tools,
        objects.filter((m) => RUNS_PODS.has(kindOf(m.object))),
        log,
        o,
      );
  }
  return ok;
}

/** Consecutive objects on the same cluster go in one call; the order across clusters stays as given. */
async function deleteInOrder(tools: Tools, manifests: Manifest[], log: (line: string) => void): Promise<boolean> {
  let ok = true;
  const runs: Manifest[][] = [];
  for (const m of manifests) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.target.tool === m.target.tool && last[0]!.target.context === m.target.context) last.push(m);
    else runs.push([m]);
  }
  for (const run of runs) {
    for (const r of await deleteCalls(tools, run)) {
      for (const line of (r.stdout || '').split('\n').filter(Boolean)) log(`  ${r.tool}: ${line}`);
      if (r.exitCode !== 0) {
        ok = false;
        log(`  failed: ${r.command}\n  ${r.stderr.trim()}\n  hint: ${hintFor(r, run[0]!.target.context)}`);
      }
    }
  }
  return ok;
}

function deleteCalls(tools: Tools, group: Manifest[]): Promise<ToolResult[]> {
  const target = group[0]!.target;
  return Promise.all(
    target.tool === 'kubectl'
      ? [
          tools.kubectl(target.context, ['delete', '-f', '-', '--ignore-not-found', '--wait=false'], {
            input: multiDocYaml(group),
            timeoutMs: 60_000,
          }),
        ]
      : group.map((m) => tools.kumactl(target.context, ['delete', 'mesh', nameOf(m.object)], { timeoutMs: 60_000 })),
  );
}

/** Polls each cluster until no pod of the deleted workloads is left, or the wait runs out. */
async function waitForPodsGone(tools: Tools, deleted: Manifest[], log: (line: string) => void, o: TeardownOptions): Promise<void> {
  if (!deleted.length) return;
  const byContext = new Map<string, Manifest[]>();
  for (const m of deleted) byContext.set(m.target.context, [...(byContext.get(m.target.context) ?? []), m]);
  const start = Date.now();
  let announced = false;
  for (;;) {
    const left = (await Promise.all([...byContext].map(([context, list]) => podsLeft(tools, context, list)))).flat();
    if (!left.length) {
      if (announced) log('  every workload pod is gone');
      return;
    }
    if (Date.now() - start >= o.drainWaitMs) {
      log(
        `  ${left.length} pod${left.length === 1 ? ' is' : 's are'} still there after ${Math.round(o.drainWaitMs / 1000)}s: ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', ...' : ''}`,
      );
      log(
        '  hint: a mesh cannot be deleted while pods of it still run a data plane proxy; the Mesh deletion below is retried until they are gone.',
      );
      return;
    }
    if (!announced) {
      log(
        `  waiting for ${left.length} pod${left.length === 1 ? '' : 's'} of the deleted workloads to stop (up to ${Math.round(o.drainWaitMs / 1000)}s), so their proxies leave the meshes`,
      );
      announced = true;
    }
    await pause(o.pollMs ?? 1_000);
  }
}

/** "namespace/pod" of every pod left that belongs to one of the workloads (pods carry app: <name>). */
async function podsLeft(tools: Tools, context: string, workloads: Manifest[]): Promise<string[]> {
  const names = [...new Set(workloads.map((m) => nameOf(m.object)))];
  const namespaces = new Set(workloads.map((m) => m.target.namespace));
  const r = await tools.kubectl(
    context,
    [
      'get',
      'pods',
      '-A',
      '-l',
      `app in (${names.join(',')})`,
      '-o',
      'jsonpath={range .items[*]}{.metadata.namespace}/{.metadata.name}{"\\n"}{end}',
      '--request-timeout=10s',
    ],
    { timeoutMs: 15_000 },
  );
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && namespaces.has(l.split('/')[0]));
}

/** Deletes the Meshes; while Kuma refuses because proxies are still attached, explains once and retries. */
async function deleteMeshes(tools: Tools, meshes: Manifest[], log: (line: string) => void, o: TeardownOptions): Promise<boolean> {
  const start = Date.now();
  let pending = meshes;
  let explained = false;
  for (;;) {
    const results = await Promise.all(pending.map(async (m) => ({ m, r: (await deleteCalls(tools, [m]))[0]! })));
    for (const { r } of results) for (const line of (r.stdout || '').split('\n').filter(Boolean)) log(`  ${r.tool}: ${line}`);
    const refused = results.filter(({ r }) => r.exitCode !== 0);
    const draining = refused.filter(({ r }) => /still some dataplanes attached/.test(`${r.stderr}${r.stdout}`));
    const other = refused.filter((x) => !draining.includes(x));
    for (const { r, m } of other) log(`  failed: ${r.command}\n  ${r.stderr.trim()}\n  hint: ${hintFor(r, m.target.context)}`);
    if (!draining.length) return other.length === 0;
    const names = draining.map(({ m }) => nameOf(m.object)).join(', ');
    if (Date.now() - start >= o.drainWaitMs) {
      const { r, m } = draining[0]!;
      log(
        `  failed: ${r.command}\n  ${r.stderr.trim()}\n  hint: ${hintFor(r, m.target.context)} Waited ${Math.round(o.drainWaitMs / 1000)}s (drainWait); run teardown again once the pods are gone.`,
      );
      return false;
    }
    if (!explained) {
      log(
        `  ${names}: Kuma still counts data plane proxies in ${draining.length === 1 ? 'this mesh' : 'these meshes'} (pods that are still stopping); retrying until they are gone (up to ${Math.round(o.drainWaitMs / 1000)}s)`,
      );
      explained = true;
    }
    pending = draining.map(({ m }) => m);
    await pause(o.pollMs ?? 2_000);
  }
}
