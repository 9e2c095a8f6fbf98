import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig } from '../config/types.js';
import { scanStatusWithFingerprints } from '../live/status.js';
import { describeObject, groupByTarget, multiDocYaml, liveIsManagedByCrossmesh, type LiveObject } from '../live/read.js';
import type { Journal } from '../state/journal.js';
import { nameOf, type Manifest } from '../engine/types.js';
import { configWithJournalFacts, factsFromJournal } from './status.js';
import { hintFor } from '../engine/hints.js';

export interface TeardownPlan {
  remove: LiveObject[];
  keep: Array<{ object: LiveObject; reason: string }>;
  /** kube-system UID per zone context, read in the same calls */
  fingerprints: Record<string, string>;
}

/** What teardown would delete (in reverse order) and what it leaves alone, with the reason. */
export async function planTeardown(tools: Tools, config: CrossmeshConfig, journal: Journal): Promise<TeardownPlan> {
  const effective = configWithJournalFacts(config, journal);
  const { rows, fingerprints } = await scanStatusWithFingerprints(tools, effective, factsFromJournal(effective, journal));
  const present = rows.flatMap((r) => r.objects).filter((o) => o.state === 'in-sync' || o.state === 'drifted');
  const unreadable = rows.flatMap((r) => r.objects).filter((o) => o.state === 'unknown');
  if (unreadable.length) throw new Error(`could not read ${describeObject(unreadable[0]!.manifest)} on ${unreadable[0]!.manifest.target.context}: ${unreadable[0]!.error}`);
  const plan: TeardownPlan = { remove: [], keep: [], fingerprints };
  for (const o of present.reverse()) {
    if (journal.latest(o.manifest.id)?.existedBefore) plan.keep.push({ object: o, reason: 'it existed before crossmesh applied it' });
    else if (!liveIsManagedByCrossmesh(o.live)) plan.keep.push({ object: o, reason: 'it does not carry the app.kubernetes.io/managed-by=crossmesh label' });
    else plan.remove.push(o);
  }
  return plan;
}

export async function executeTeardown(tools: Tools, plan: TeardownPlan, log: (line: string) => void): Promise<boolean> {
  let ok = true;
  // consecutive objects on the same cluster go in one call; the order across clusters stays reversed
  const runs: Manifest[][] = [];
  for (const o of plan.remove) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.target.tool === o.manifest.target.tool && last[0]!.target.context === o.manifest.target.context) last.push(o.manifest);
    else runs.push([o.manifest]);
  }
  for (const run of runs) {
    for (const group of groupByTarget(run)) {
      const target = group[0]!.target;
      const calls =
        target.tool === 'kubectl'
          ? [tools.kubectl(target.context, ['delete', '-f', '-', '--ignore-not-found', '--wait=false'], { input: multiDocYaml(group), timeoutMs: 60_000 })]
          : group.map((m) => tools.kumactl(target.context, ['delete', 'mesh', nameOf(m.object)], { timeoutMs: 60_000 }));
      for (const r of await Promise.all(calls)) {
        for (const line of (r.stdout || '').split('\n').filter(Boolean)) log(`  ${r.tool}: ${line}`);
        if (r.exitCode !== 0) {
          ok = false;
          log(`  failed: ${r.command}\n  ${r.stderr.trim()}\n  hint: ${hintFor(r, target.context)}`);
        }
      }
    }
  }
  return ok;
}
