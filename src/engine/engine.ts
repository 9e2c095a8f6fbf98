import type { Tools, ToolResult } from '../adapter/tools.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { meshOf, zoneByRole } from '../config/model.js';
import { durationMs } from '../config/validate.js';
import type {
  CheckReport,
  CheckResult,
  Manifest,
  PlanFacts,
  Step,
  StepId,
  StepProbe,
  StepRuntime,
  LiveObject,
  GatewayAddressNeed,
} from '../model/types.js';
import { kindOf, nameOf } from '../model/types.js';
import { applyArgs, buildPlan, manifestYaml, planContext } from '../model/plan.js';
import type { Asker, EngineEvent, StepOutcome } from './events.js';
import { hintFor } from '../adapter/hints.js';
import {
  groupByTarget,
  multiDocYaml,
  readLive,
  describeObject,
  withoutManagedBy,
  withSetupLabel,
  liveIsManagedByCrossmesh,
  liveSetup,
  TERMINATING_HINT,
  compareOne,
  liveFromOutput,
  kubectlVerbLine,
} from '../cluster/read.js';
import { at, type JsonRecord } from '../adapter/json.js';
import { formatDifferences } from '../cluster/compare.js';
import { waitForGatewayAddress, readGatewayAddress, describeAddressSource } from '../cluster/gateway-address.js';
import type { Journal } from '../state/journal.js';
import { describeMismatch, movedContexts } from '../state/bindings.js';
import { knownGatewayAddresses } from '../model/plan.js';
import { meshPlacements, waitForMeshes, meshSyncTimeoutMessage, MESH_SYNC_HINT, type MeshPlacement } from '../cluster/mesh-sync.js';
import { caChangeRefusals } from '../cluster/ca-change.js';

export interface EngineOptions {
  config: CrossmeshConfig;
  /** the steps to walk, in order (the session leaves out the connectivity check when asked to) */
  steps: readonly Step[];
  tools: Tools;
  ask: Asker;
  emit: (event: EngineEvent) => void;
  rehearsal: boolean;
  /** why this is a rehearsal, shown to the user (asked for, or no cluster answered) */
  rehearsalReason?: string;
  /** the user asked for the rehearsal (--rehearse), rather than no cluster answering */
  rehearsalAskedFor?: boolean;
  /** start the walk at this step (prerequisites still run first) */
  from?: StepId;
  /** steps a scan found already as planned (a resumed run): shown as in sync from the start */
  inSync?: StepId[];
  /** a person decides each step: read its objects first, show what differs, pass what is in sync */
  previewLive?: boolean;
  /** addresses given with --gateway-address or in the configuration */
  gatewayAddresses?: Partial<Record<MeshKey, string>>;
  pollMs?: number;
  /** records what is applied and which cluster each context is bound to */
  journal?: Journal;
  /** labels what this setup creates (crossmesh.io/setup), so teardown removes only its own */
  setupId?: string;
}

export interface RunSummary {
  ok: boolean;
  quit: boolean;
  outcomes: Partial<Record<StepId, StepOutcome>>;
}

class Quit extends Error {}
class Refused extends Error {}
class SkipStep extends Error {}
/** The user asked to try the step again: it starts over from a fresh read of the clusters. */
class RetryStep extends Error {}

/** Kuma 2.14's warning about MeshTrafficPermission `from`; expected with this guide's policies. */
const FROM_DEPRECATION = /'from' field is deprecated/;
const FROM_DEPRECATION_EXPLAINED =
  'expected on Kuma 2.x: the permissions use "from", which Kuma 2.14 still honours and 3.0 replaces with "rules"; "rules" need MeshIdentity, which this setup does not use. Nothing to fix.';

/** Between two reads of the zones' Meshes; a read itself takes a kubectl start (100 to 300 ms). */
const MESH_POLL_MS = 50;

const APPLY_LINE = /^([\w-]+)(?:\.[\w.-]+)?\/([\w.-]+) (created|configured|unchanged|serverside-applied)/;

/**
 * What kubectl said it did with each manifest ("deployment.apps/echo created"). kubectl reports in
 * input order, so a forward scan tells apart objects of the same kind and name in two namespaces.
 */
export function appliedVerbs(group: Manifest[], stdout: string): Map<string, string> {
  const verbs = new Map<string, string>();
  let next = 0;
  for (const line of stdout.split('\n')) {
    const match = line.match(APPLY_LINE);
    if (!match) continue;
    const [, kind, name, verb] = match;
    const at = group.findIndex((m, i) => i >= next && kindOf(m.object).toLowerCase() === kind!.toLowerCase() && nameOf(m.object) === name);
    if (at < 0) continue;
    verbs.set(group[at]!.id, verb!);
    next = at + 1;
  }
  return verbs;
}

interface GroupCall {
  group: Manifest[];
  /** exactly what was sent */
  input: string;
  r: ToolResult;
}

/** What an apply did to an object, told as kubectl tells it: a new one, a changed one, or none. */
function verbOf(id: string, live: JsonRecord, existedBefore: Set<string>, before: Map<string, LiveObject>): string {
  if (!existedBefore.has(id)) return 'created';
  const was = at(before.get(id)?.live, 'metadata', 'resourceVersion');
  return was !== undefined && was === at(live, 'metadata', 'resourceVersion') ? 'unchanged' : 'configured';
}

function driftText(drifted: LiveObject[], what: string): string {
  return drifted
    .map((l) =>
      [
        `~ ${describeObject(l.manifest)} on ${l.manifest.target.context} ${what}:`,
        ...formatDifferences(l.differences).map((d) => `    ${d}`),
      ].join('\n'),
    )
    .join('\n');
}

/** kubectl's dry run is checked by the API server and its webhooks; kumactl's only on the client. */
function validationLabel(group: Manifest[]): string {
  const target = group[0]!.target;
  const objects = `${group.length} object${group.length === 1 ? '' : 's'}`;
  return target.tool === 'kubectl'
    ? `validate ${objects} on ${target.context} (server-side dry run)`
    : `check ${objects} for ${target.context} with kumactl's dry run (on this machine only; the control plane's own rules apply at apply time)`;
}

/**
 * Runs the guide: for each step preview -> validate -> apply -> check, emitting events and asking
 * the front end for every decision. Knows nothing about how events are shown.
 */
export class Engine {
  private facts: PlanFacts;
  private config: CrossmeshConfig;
  private readonly outcomes: Partial<Record<StepId, StepOutcome>> = {};
  private foreign = new Set<string>();
  /** for objects that existed before this step: the setup label they carry (null: none), kept as it is */
  private owners = new Map<string, string | null>();
  /** "mesh|context" pairs whose zone is known to have the mesh */
  private readonly meshesInZones = new Set<string>();
  private readonly shownWarnings = new Set<string>();
  private readonly cancelled = new AbortController();
  /** the last step with objects was found already as planned: the next one likely is too */
  private lastInSync = false;

  constructor(private readonly o: EngineOptions) {
    this.config = structuredClone(o.config);
    // addresses learned by an earlier run count as status counts them, so apply and status agree
    const gatewayAddresses = knownGatewayAddresses(this.config, o.journal?.data.facts.gatewayAddresses, o.gatewayAddresses ?? {});
    this.facts = planContext(this.config, { gatewayAddresses }).facts;
  }

  /** Ends every wait at once (the front end is gone, e.g. after Ctrl-C). */
  cancel(): void {
    this.cancelled.abort();
  }

  async run(): Promise<RunSummary> {
    const { emit } = this.o;
    const steps = this.o.steps;
    const fromIndex = this.o.from
      ? Math.max(
          1,
          steps.findIndex((s) => s.id === this.o.from),
        )
      : 0;
    emit({
      type: 'run-start',
      rehearsal: this.o.rehearsal,
      ...(this.o.rehearsalReason ? { rehearsalReason: this.o.rehearsalReason } : {}),
      steps: steps.map((s) => ({ id: s.id, title: s.title })),
      firstStep: steps[fromIndex]!.id,
      ...(this.o.inSync?.length ? { inSync: this.o.inSync } : {}),
    });
    for (const id of this.o.inSync ?? []) this.outcomes[id] = 'in-sync';
    try {
      if (fromIndex > 0) await this.runStep(steps[0]!, 0, steps.length, false, false);
      let i = fromIndex;
      let cameBack = false;
      while (i < steps.length) {
        const result = await this.runStep(steps[i]!, i, steps.length, i > fromIndex, cameBack);
        cameBack = result === 'back';
        i = result === 'back' ? Math.max(fromIndex, i - 1) : i + 1;
      }
    } catch (err) {
      if (err instanceof Refused) return { ok: false, quit: true, outcomes: this.outcomes };
      if (err instanceof Quit) {
        emit({
          type: 'run-end',
          ok: false,
          quit: true,
          message: this.o.rehearsal
            ? 'Rehearsal stopped: nothing was applied.'
            : 'Stopped before the last step. Run crossmesh again to continue where you left off.',
        });
        return { ok: false, quit: true, outcomes: this.outcomes };
      }
      throw err;
    } finally {
      this.o.tools.dispose();
    }
    if (this.o.journal && Object.keys(this.facts.gatewayAddresses).length)
      this.o.journal.setFacts({ gatewayAddresses: { ...this.facts.gatewayAddresses } });
    const failed = Object.entries(this.outcomes)
      .filter(([, o]) => o === 'failed')
      .map(([id]) => id);
    const ok = failed.length === 0;
    emit({
      type: 'run-end',
      ok,
      message: this.o.rehearsal
        ? `Rehearsal finished: nothing was applied. ${this.o.rehearsalAskedFor ? 'Run without --rehearse against reachable clusters to apply.' : 'Run crossmesh again once the clusters answer to apply.'}`
        : ok
          ? 'Every step is done.'
          : `Finished with problems in: ${failed.join(', ')}.`,
    });
    return { ok, quit: false, outcomes: this.outcomes };
  }

  private end(step: StepId, outcome: StepOutcome): void {
    this.outcomes[step] = outcome;
    if (outcome === 'in-sync' || outcome === 'applied') this.lastInSync = outcome === 'in-sync';
    this.o.emit({ type: 'step-end', step, outcome });
  }

  private manifestsOf(step: Step): Manifest[] {
    const manifests = buildPlan(planContext(this.config, this.facts), [step])[0]!.manifests;
    const setup = this.o.setupId;
    return setup ? manifests.map((m) => ({ ...m, object: withSetupLabel(m.object, setup) })) : manifests;
  }

  private preview(step: Step): void {
    const items = this.manifestsOf(step).map((manifest) => ({
      manifest,
      yaml: manifestYaml(manifest),
      command: this.o.tools.commandForTarget(manifest.target, applyArgs()),
      target: manifest.target,
    }));
    this.o.emit({ type: 'preview', step: step.id, items });
  }

  /**
   * For a person at the screen: read the step's objects before asking. A step already entirely as
   * planned is passed (unless the user came back to it); objects that differ are shown first, so
   * applying is a decision to overwrite them. Returns how many differ.
   */
  private async liveBeforeAsking(step: Step, cameBack: boolean): Promise<number | 'in-sync'> {
    if (!this.o.previewLive || this.o.rehearsal) return 0;
    const manifests = this.manifestsOf(step);
    if (!manifests.length) return 0;
    const live = await readLive(this.o.tools, manifests);
    if (!cameBack && live.every((l) => l.state === 'in-sync')) {
      this.o.emit({
        type: 'activity',
        step: step.id,
        label: 'every object is already as planned: going on to the next step',
        status: 'ok',
      });
      await this.waitForNewMeshes(step, manifests);
      this.end(step.id, 'in-sync');
      return 'in-sync';
    }
    const drifted = live.filter((l) => l.state === 'drifted');
    if (drifted.length)
      this.o.emit({ type: 'diff', step: step.id, text: driftText(drifted, 'differs from the plan: applying overwrites it') });
    return drifted.length;
  }

  /** Returns 'back' when the user asked to go to the previous step. */
  private async runStep(step: Step, index: number, total: number, canGoBack: boolean, cameBack: boolean): Promise<'next' | 'back'> {
    const { emit, ask } = this.o;
    emit({ type: 'step-start', step: step.id, index, total });
    this.preview(step);
    const drifted = await this.liveBeforeAsking(step, cameBack);
    if (drifted === 'in-sync') return 'next';
    for (;;) {
      const decision = await ask({ kind: 'step', step: step.id, canGoBack, rehearsal: this.o.rehearsal, ...(drifted ? { drifted } : {}) });
      if (decision === 'quit') throw new Quit();
      if (decision === 'back') return 'back';
      if (decision === 'skip') {
        this.end(step.id, 'skipped');
        return 'next';
      }
      if (decision === 'diff') {
        await this.showDiff(step);
        continue;
      }
      break;
    }
    if (this.o.rehearsal) {
      this.end(step.id, 'rehearsed');
      return 'next';
    }
    for (;;) {
      try {
        if (step.probe) await this.probe(step, step.probe);
        else await this.applyStep(step);
        return 'next';
      } catch (err) {
        if (err instanceof RetryStep) continue;
        if (err instanceof SkipStep) {
          this.end(step.id, 'skipped');
          return 'next';
        }
        throw err;
      }
    }
  }

  private runtime(): StepRuntime {
    return { tools: this.o.tools, config: this.config };
  }

  /** A step that checks instead of applying: what it learns feeds the later steps. */
  private async probe(step: Step, probe: StepProbe): Promise<void> {
    for (;;) {
      this.o.emit({ type: 'activity', step: step.id, label: probe.activity, status: 'start' });
      const report = await probe.run(this.runtime());
      this.learn(report);
      this.o.emit({ type: 'checks', step: step.id, results: report.checks });
      if (report.ok) await this.checkBindings(step, report);
      if (report.ok) return this.end(step.id, 'checked');
      const message = report.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.label)
        .join('; ');
      if (probe.kind === 'blocking') {
        await this.onFailure(step, probe.phase, message);
        continue;
      }
      // a final check may fail only because pods are still starting: offer to try again rather than only to stop
      const answer = await this.o.ask({ kind: 'failure', step: step.id, phase: probe.phase, message });
      if (answer !== 'retry') return this.end(step.id, 'failed');
    }
  }

  private learn(report: CheckReport): void {
    const learned = report.learned;
    if (learned?.systemNamespace) this.facts.systemNamespace = learned.systemNamespace;
    if (learned?.kumaMajor !== undefined) this.facts.kumaMajor = learned.kumaMajor;
    for (const [cluster, zone] of Object.entries(learned?.zones ?? {})) {
      const configured = zoneByRole(this.config, cluster);
      if (zone && configured) configured.zone = zone;
    }
  }

  /** Refuses to go on against a context that now points to another cluster, unless the user rebinds it. */
  private async checkBindings(step: Step, report: CheckReport): Promise<void> {
    const journal = this.o.journal;
    const learned = report.learned;
    if (!journal || !learned) return;
    for (const { context, fingerprint } of learned.fingerprints ?? []) {
      for (const moved of movedContexts(journal, { [context]: fingerprint })) {
        const message = describeMismatch(moved);
        this.o.emit({
          type: 'checks',
          step: step.id,
          results: [
            {
              status: 'fail',
              label: message,
              hint: 'If the context was moved on purpose, confirm the new binding; otherwise fix the kubeconfig.',
            },
          ],
        });
        const answer = await this.o.ask({ kind: 'rebind', step: step.id, context, message });
        if (answer !== 'rebind') {
          this.o.emit({
            type: 'run-end',
            ok: false,
            message: `Refused: ${message}. Nothing was applied. Fix the kubeconfig, or confirm the new cluster (--rebind).`,
          });
          throw new Refused();
        }
      }
      journal.bind(context, fingerprint);
    }
    journal.setFacts({
      ...(learned.systemNamespace ? { systemNamespace: learned.systemNamespace } : {}),
      ...(learned.kumaMajor !== undefined ? { kumaMajor: learned.kumaMajor } : {}),
      ...(learned.zones ? { zones: { ...learned.zones } } : {}),
    });
  }

  /** Asks what to do after a failure; returns on retry, throws to skip or quit. */
  private async onFailure(step: Step, phase: string, message: string): Promise<void> {
    const answer = await this.o.ask({ kind: 'failure', step: step.id, phase, message });
    if (answer === 'quit') {
      this.outcomes[step.id] = 'failed';
      throw new Quit();
    }
    if (answer === 'skip') {
      throw new SkipStep();
    }
  }

  private async showDiff(step: Step): Promise<void> {
    const manifests = this.manifestsOf(step);
    if (!manifests.length) {
      this.o.emit({ type: 'diff', step: step.id, text: 'This step has no manifests.' });
      return;
    }
    const live = await readLive(this.o.tools, manifests);
    const text = live
      .map((l) => {
        const head = `${describeObject(l.manifest)} on ${l.manifest.target.context}`;
        if (l.state === 'missing') return `+ ${head}: not there yet, would be created`;
        if (l.state === 'in-sync') return `= ${head}: already as planned`;
        if (l.state === 'unknown') return `? ${head}: could not read (${l.error})`;
        if (l.state === 'terminating') return `! ${head}: being deleted (Terminating)`;
        return [`~ ${head}: differs`, ...formatDifferences(l.differences).map((d) => `    ${d}`)].join('\n');
      })
      .join('\n');
    this.o.emit({ type: 'diff', step: step.id, text });
  }

  /**
   * The objects as they are sent: an object someone made without crossmesh goes without crossmesh's
   * label, and one another setup made keeps its setup label.
   */
  private sendable(group: Manifest[]): Manifest[] {
    return group.map((m) => {
      if (this.foreign.has(m.id)) return { ...m, object: withoutManagedBy(m.object) };
      const owner = this.owners.get(m.id);
      return owner === undefined ? m : { ...m, object: withSetupLabel(m.object, owner) };
    });
  }

  /** Runs one tool call for a group of manifests on one target; failures are the caller's to handle. */
  private async callTool(group: Manifest[], args: string[], signal?: AbortSignal): Promise<GroupCall> {
    const input = multiDocYaml(this.sendable(group));
    const r = await this.o.tools.forTarget(group[0]!.target, args, { input, timeoutMs: 60_000, ...(signal ? { signal } : {}) });
    return { group, input, r };
  }

  /** The server-side dry run of every group at once (one call per context). */
  private validateGroups(groups: Manifest[][], signal?: AbortSignal): Promise<GroupCall[]> {
    return Promise.all(
      groups.map((group) =>
        this.callTool(
          group,
          group[0]!.target.tool === 'kubectl' ? ['apply', '--dry-run=server', '-f', '-'] : ['apply', '--dry-run', '-f', '-'],
          signal,
        ),
      ),
    );
  }

  /** Streams a tool's line; a warning the tool repeats for each object is shown once per run. */
  private showOutput(step: Step, line: string, stream: 'stdout' | 'stderr', tool: string): void {
    if (/^Warning: /.test(line)) {
      if (this.shownWarnings.has(line)) return;
      this.shownWarnings.add(line);
    }
    this.o.emit({ type: 'output', step: step.id, line, stream, tool });
    this.explainWarning(step, line);
  }

  private explainWarning(step: Step, line: string): void {
    if (!FROM_DEPRECATION.test(line) || this.shownWarnings.has('explained:from')) return;
    this.shownWarnings.add('explained:from');
    this.o.emit({
      type: 'activity',
      step: step.id,
      label: 'Kuma warns that MeshTrafficPermission "from" is deprecated',
      status: 'warn',
      detail: FROM_DEPRECATION_EXPLAINED,
    });
  }

  /** Shows a failed call with its hint and asks what to do; every answer leaves by an exception. */
  private async failed(step: Step, phase: string, r: ToolResult, context: string): Promise<never> {
    const message = (r.stderr || r.stdout).trim() || `${r.tool} exited with ${r.exitCode}`;
    return this.stopAndAsk(step, phase, r.command, message, hintFor(r, context));
  }

  /** Shows why the step cannot go on and asks: retry starts it again from a fresh read, skip and quit leave. */
  private async stopAndAsk(step: Step, phase: string, command: string, message: string, hint: string): Promise<never> {
    this.o.emit({ type: 'failure', step: step.id, phase, command, message, hint });
    await this.onFailure(step, phase, message);
    throw new RetryStep();
  }

  /** A signal that ends a wait when it is done, or when the whole run is cancelled (Ctrl-C). */
  private waitSignal(): { stop: AbortController; signal: AbortSignal } {
    const stop = new AbortController();
    return { stop, signal: AbortSignal.any([stop.signal, this.cancelled.signal]) };
  }

  private async applyStep(step: Step): Promise<void> {
    // a gateway made by an earlier run may already have its address: use it without waiting
    for (const need of this.manifestsOf(step).flatMap((m) => (m.needs ? [m.needs] : []))) {
      if (this.facts.gatewayAddresses[need.mesh]) continue;
      const found = await readGatewayAddress(this.o.tools, need.source);
      if (found.address) this.facts.gatewayAddresses[need.mesh] = found.address;
    }
    let manifests = this.manifestsOf(step);
    // when every zone already has the step's meshes, the dry run needs nothing the read finds out
    // first: it runs beside the read (nothing is applied before both are in)
    this.foreign = new Set();
    this.owners = new Map();
    const zonesReady = meshPlacements(this.config, manifests).every((p) => this.meshesInZones.has(`${p.mesh}|${p.context}`));
    // (a Mesh is not sent, not even as a dry run, before the live one is checked for a CA change)
    const notNeeded = new AbortController();
    // (and not after a step found in sync: the next is likely in sync too, and its dry run wasted work)
    const speculative =
      zonesReady && !this.lastInSync && !manifests.some((m) => kindOf(m.object) === 'Mesh')
        ? this.validateGroups(groupByTarget(manifests), notNeeded.signal)
        : undefined;
    const before = await readLive(this.o.tools, manifests);
    if (before.every((l) => l.state === 'in-sync')) {
      // nothing to send: the dry run is stopped, not waited for (its result is not needed)
      notNeeded.abort();
      this.o.emit({ type: 'activity', step: step.id, label: 'every object is already as planned: nothing to apply', status: 'ok' });
      await this.waitForNewMeshes(step, manifests);
      this.end(step.id, 'in-sync');
      return;
    }
    await this.refuseTerminating(step, before);
    // a zone refuses objects of a mesh the global has not copied to it yet, dry runs included
    await this.waitForMeshesInZones(step, meshPlacements(this.config, manifests));
    await this.refuseCaChange(step, before);
    const existedBefore = new Set(before.filter((l) => l.state !== 'missing').map((l) => l.manifest.id));
    // objects someone made without crossmesh stay theirs: they are applied without crossmesh's label,
    // so a later teardown leaves them alone even if the journal is lost
    this.foreign = new Set(before.filter((l) => l.live && !liveIsManagedByCrossmesh(l.live)).map((l) => l.manifest.id));
    // an object another setup (or an older crossmesh) made stays theirs: its setup label is kept
    this.owners = new Map(
      before.filter((l) => l.live && liveIsManagedByCrossmesh(l.live)).map((l) => [l.manifest.id, liveSetup(l.live) ?? null]),
    );
    const drifted = before.filter((l) => l.state === 'drifted');
    if (drifted.length)
      this.o.emit({ type: 'diff', step: step.id, text: driftText(drifted, 'differs from the plan and will be re-applied') });

    // validate everything first, so a rejected manifest stops the step before anything changes; the
    // dry run that ran beside the read counts only if it sent exactly what would be sent now
    const groups = groupByTarget(manifests);
    const early = speculative ? await speculative : [];
    const validations = await Promise.all(
      groups.map((group, i) => {
        const done = early[i];
        return done && done.input === multiDocYaml(this.sendable(group))
          ? Promise.resolve(done)
          : this.validateGroups([group]).then((r) => r[0]!);
      }),
    );
    for (const { group, r } of validations) {
      const label = validationLabel(group);
      this.o.emit({ type: 'activity', step: step.id, label, status: 'start' });
      if (r.exitCode !== 0) await this.failed(step, 'validate', r, group[0]!.target.context);
      for (const line of r.stderr.split('\n')) this.explainWarning(step, line);
      this.o.emit({ type: 'activity', step: step.id, label, status: 'ok' });
    }

    const beforeById = new Map(before.map((l) => [l.manifest.id, l]));
    const afterApply = new Map<string, JsonRecord>();
    let applied = new Set<string>();
    for (;;) {
      const pending = manifests.filter((m) => !applied.has(m.id));
      const needIndex = pending.findIndex((m) => m.needs);
      const batch = needIndex < 0 ? pending : pending.slice(0, needIndex);
      await this.applyGroups(step, groupByTarget(batch), existedBefore, beforeById, afterApply);
      applied = new Set([...applied, ...batch.map((m) => m.id)]);
      if (needIndex < 0) break;
      const need = pending[needIndex]!.needs!;
      await this.resolveGatewayAddress(step, need);
      manifests = this.manifestsOf(step);
      this.preview(step);
    }

    const checks = await this.check(step, manifests, afterApply);
    this.o.emit({ type: 'checks', step: step.id, results: checks });
    await this.waitForNewMeshes(step, manifests);
    this.end(step.id, checks.some((c) => c.status === 'fail') ? 'failed' : 'applied');
  }

  /** After Meshes are created on the global: wait until every zone that gets objects of them has them. */
  private async waitForNewMeshes(step: Step, manifests: Manifest[]): Promise<void> {
    const meshes = new Set(manifests.filter((m) => kindOf(m.object) === 'Mesh').map((m) => nameOf(m.object)));
    if (!meshes.size) return;
    const everywhere = meshPlacements(
      this.config,
      buildPlan(planContext(this.config, this.facts), this.o.steps).flatMap((p) => p.manifests),
    );
    await this.waitForMeshesInZones(
      step,
      everywhere.filter((p) => meshes.has(p.mesh)),
    );
  }

  private async waitForMeshesInZones(step: Step, placements: MeshPlacement[]): Promise<void> {
    const pending = placements.filter((p) => !this.meshesInZones.has(`${p.mesh}|${p.context}`));
    if (!pending.length) return;
    const meshes = [...new Set(pending.map((p) => p.mesh))].join(', ');
    const zones = [...new Set(pending.map((p) => p.zone))].join(', ');
    const label = `waiting until the global control plane has copied ${meshes} to ${zones}`;
    const timeoutMs = durationMs(this.config.meshSyncWait);
    for (;;) {
      this.o.emit({ type: 'activity', step: step.id, label, status: 'start' });
      const { stop, signal } = this.waitSignal();
      let quit = false;
      this.o.ask({ kind: 'wait', step: step.id, label }, signal).then(
        () => {
          quit = true;
          stop.abort();
        },
        () => {},
      );
      const result = await waitForMeshes(this.o.tools, pending, {
        timeoutMs,
        signal,
        // each read is a kubectl process of its own: read again as soon as one answers "not yet"
        pollMs: this.o.pollMs ?? MESH_POLL_MS,
        onTick: (elapsedMs) => this.o.emit({ type: 'waiting', step: step.id, label, elapsedMs, timeoutMs }),
      });
      stop.abort();
      if (quit || this.cancelled.signal.aborted) throw new Quit();
      if (!result.missing.length) {
        for (const p of pending) this.meshesInZones.add(`${p.mesh}|${p.context}`);
        this.o.emit({
          type: 'activity',
          step: step.id,
          label: `${meshes} ${pending.length === 1 ? 'is' : 'are'} in ${zones}`,
          status: 'ok',
        });
        return;
      }
      const message = [meshSyncTimeoutMessage(result.missing, this.config.meshSyncWait), ...result.errors].join('\n');
      this.o.emit({ type: 'activity', step: step.id, label, status: 'fail', detail: `not there after ${this.config.meshSyncWait}` });
      const command = this.o.tools.commandLine('kubectl', result.missing[0]!.context, ['get', 'meshes.kuma.io', result.missing[0]!.mesh]);
      // a retry here waits again (the step itself has not started sending anything)
      this.o.emit({ type: 'failure', step: step.id, phase: 'mesh sync', command, message, hint: MESH_SYNC_HINT });
      await this.onFailure(step, 'mesh sync', message);
    }
  }

  /** An object being deleted cannot be applied (nor anything created in such a namespace): say so first. */
  private async refuseTerminating(step: Step, before: LiveObject[]): Promise<void> {
    const going = before.filter((l) => l.state === 'terminating');
    if (!going.length) return;
    const message = going
      .map((l) => `${describeObject(l.manifest)} on ${l.manifest.target.context} is being deleted (Terminating).`)
      .join('\n');
    await this.stopAndAsk(
      step,
      'validate',
      `reading the planned objects on ${going[0]!.manifest.target.context}`,
      message,
      TERMINATING_HINT,
    );
  }

  /** Kuma refuses to switch the CA of a mesh with mTLS on: say so before anything is sent. */
  private async refuseCaChange(step: Step, before: LiveObject[]): Promise<void> {
    const refusals = caChangeRefusals(before);
    if (!refusals.length) return;
    await this.stopAndAsk(
      step,
      'validate',
      `comparison with the live Mesh${refusals.length === 1 ? '' : 'es'} on ${before[0]!.manifest.target.context}`,
      refusals.map((r) => r.message).join('\n'),
      `Kuma refuses this change while mTLS is on (its own rule, not a permissions problem). Keep the current backend: set ca.backend: ${refusals[0]!.liveBackend} in crossmesh.yaml; or turn mTLS off on the mesh, change the CA, and turn it on again.`,
    );
  }

  /**
   * Applies the groups of a batch, one call per context, all at once. kubectl prints the objects as
   * the server stored them (-o json), which is the read back; what it did with each is told in its
   * own words. The journal records every group's objects before a failure is shown.
   */
  private async applyGroups(
    step: Step,
    groups: Manifest[][],
    existedBefore: Set<string>,
    before: Map<string, LiveObject>,
    afterApply: Map<string, JsonRecord>,
  ): Promise<void> {
    const calls = await Promise.all(
      groups.map((group) =>
        this.callTool(group, group[0]!.target.tool === 'kubectl' ? ['apply', '-f', '-', '-o', 'json'] : ['apply', '-f', '-']),
      ),
    );
    const told: Array<{ call: GroupCall; lines: string[] }> = [];
    for (const call of calls) {
      const { group, r } = call;
      const printed = group[0]!.target.tool === 'kubectl' ? liveFromOutput(group, r.stdout) : new Map<string, JsonRecord>();
      let verbs: Map<string, string>;
      let lines: string[];
      if (printed.size) {
        verbs = new Map([...printed].map(([id, live]) => [id, verbOf(id, live, existedBefore, before)]));
        lines = group.flatMap((m) => (printed.has(m.id) ? [kubectlVerbLine(printed.get(m.id)!, verbs.get(m.id)!)] : []));
        for (const [id, live] of printed) afterApply.set(id, live);
      } else if (r.exitCode !== 0 && group[0]!.target.tool === 'kubectl' && !appliedVerbs(group, r.stdout).size) {
        // kubectl prints nothing with -o json when a call fails part-way: what changed tells what it did
        const now = await readLive(this.o.tools, group);
        verbs = new Map(
          now.flatMap((l) => {
            if (!l.live) return [];
            const verb = verbOf(l.manifest.id, l.live, existedBefore, before);
            return verb === 'unchanged' ? [] : [[l.manifest.id, verb]];
          }),
        );
        lines = now.flatMap((l) => (l.live && verbs.has(l.manifest.id) ? [kubectlVerbLine(l.live, verbs.get(l.manifest.id)!)] : []));
      } else {
        verbs = appliedVerbs(group, r.stdout);
        lines = r.stdout ? r.stdout.split('\n') : [];
      }
      // record what was applied even when the call failed part-way, so a retry or a later run does
      // not take objects crossmesh created for objects that "existed before"
      for (const m of group) {
        const out = verbs.get(m.id);
        if (r.exitCode !== 0 && !out) continue;
        const verb = out === 'unchanged' ? 'unchanged' : existedBefore.has(m.id) ? 'configured' : 'created';
        this.o.journal?.record(step.id, m, verb, existedBefore.has(m.id));
      }
      told.push({ call, lines });
    }
    for (const { call, lines } of told) {
      const { group, r } = call;
      const tool = group[0]!.target.tool;
      const label = `apply ${group.length} object${group.length === 1 ? '' : 's'} on ${group[0]!.target.context}`;
      this.o.emit({ type: 'activity', step: step.id, label, status: 'start' });
      for (const line of lines) this.showOutput(step, line, 'stdout', tool);
      for (const line of r.stderr ? r.stderr.split('\n') : []) this.showOutput(step, line, 'stderr', tool);
      if (r.exitCode !== 0) await this.failed(step, 'apply', r, group[0]!.target.context);
      this.o.emit({ type: 'activity', step: step.id, label, status: 'ok' });
    }
  }

  private async check(step: Step, manifests: Manifest[], afterApply: Map<string, JsonRecord>): Promise<CheckResult[]> {
    // the objects kubectl printed when it applied them are the read back; the rest is read
    const unread = manifests.filter((m) => !afterApply.has(m.id));
    const read = new Map((unread.length ? await readLive(this.o.tools, unread) : []).map((l) => [l.manifest.id, l]));
    const live = manifests.map((m) => read.get(m.id) ?? compareOne(m, afterApply.get(m.id)));
    const checks: CheckResult[] = live.map((l) => {
      const label = `${describeObject(l.manifest)} on ${l.manifest.target.context}`;
      if (l.state === 'in-sync') return { status: 'ok', label };
      if (l.state === 'missing') return { status: 'fail', label, detail: 'not found after apply' };
      if (l.state === 'unknown') return { status: 'fail', label, detail: l.error ?? 'could not be read back' };
      if (l.state === 'terminating') return { status: 'fail', label, detail: 'being deleted (Terminating)', hint: TERMINATING_HINT };
      return { status: 'warn', label, detail: `differs from the plan: ${formatDifferences(l.differences).join('; ')}` };
    });
    if (step.afterApply) checks.push(...(await step.afterApply(this.runtime(), live)));
    return checks;
  }

  private async resolveGatewayAddress(step: Step, need: GatewayAddressNeed): Promise<void> {
    const { mesh, source } = need;
    const m = meshOf(this.config, mesh);
    const timeoutMs = durationMs(this.config.gatewayWait);
    const label =
      source.from === 'service'
        ? `waiting for the LoadBalancer address of ${source.namespace}/${source.name} on ${source.context}`
        : `waiting for Kong Operator to publish the address of ${describeAddressSource(source)} on ${source.context}`;
    this.o.emit({ type: 'activity', step: step.id, label, status: 'start' });
    const { stop, signal } = this.waitSignal();
    const typed = this.o.ask({ kind: 'gateway-address', step: step.id, mesh, meshName: m.name, timedOut: false }, signal);
    const waited = waitForGatewayAddress(this.o.tools, {
      source,
      timeoutMs,
      signal,
      ...(this.o.pollMs !== undefined ? { pollMs: this.o.pollMs } : {}),
      onTick: (elapsedMs) => this.o.emit({ type: 'waiting', step: step.id, label, elapsedMs, timeoutMs }),
    });
    const first = await Promise.race([
      waited.then((a) => ({ from: 'wait' as const, a })),
      typed.then((a) => ({ from: 'user' as const, a })).catch(() => new Promise<never>(() => {})),
    ]);
    stop.abort();
    if (this.cancelled.signal.aborted) throw new Quit();
    let answer: { address: string } | 'skip' | 'quit' | undefined;
    if (first.from === 'wait') answer = first.a ? { address: first.a } : undefined;
    else answer = first.a;
    if (!answer) {
      this.o.emit({ type: 'activity', step: step.id, label, status: 'fail', detail: `no address within ${this.config.gatewayWait}` });
      answer = await this.o.ask({ kind: 'gateway-address', step: step.id, mesh, meshName: m.name, timedOut: true });
    }
    if (answer === 'quit') throw new Quit();
    if (answer === 'skip') throw new SkipStep();
    this.facts.gatewayAddresses[mesh] = answer.address;
    this.o.journal?.setFacts({ gatewayAddresses: { ...this.o.journal.data.facts.gatewayAddresses, [mesh]: answer.address } });
    this.o.emit({ type: 'activity', step: step.id, label: `gateway of ${m.name} is reachable at ${answer.address}`, status: 'ok' });
  }
}
