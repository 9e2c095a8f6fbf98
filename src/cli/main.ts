import { listKubeContexts } from '../cluster/contexts.js';
import { parseCli, HELP, UsageError, type CliOptions } from './args.js';
import { EXIT } from '../model/exit-codes.js';
import { loadConfig, ConfigError } from '../config/file.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { Tools } from '../adapter/tools.js';
import { renderPlan } from '../app/plan.js';
import { exportFiles, writeExport, ExportError } from '../app/export.js';
import { statusReport, renderStatusText, renderStatusJson } from '../app/status.js';
import { planTeardown, executeTeardown } from '../app/teardown.js';
import { linkOnlyIdentities, parseLink } from '../app/links.js';
import { linkLabel } from '../config/model.js';
import { parseGatewayAddresses } from './gateway-flags.js';
import { handoutFiles } from '../app/handout.js';
import { diagramText } from '../render/topology.js';
import { makeStyle, type Style } from '../render/style.js';
import { lineReporter } from '../plain/line-reporter.js';
import { automaticAsker, promptingAsker } from '../plain/askers.js';
import { InquirerPrompter, LinePrompter, InputClosedError, InterruptedError, type Prompter } from '../plain/prompter.js';
import { runConnectivityCheck } from '../../steps/verify.js';
import { stepsFor } from '../../steps/index.js';
import type { StepId } from '../model/types.js';
import { Session, type ResumeChoice } from '../app/session.js';
import { withPrefix, prefixProblem } from '../config/prefix.js';
import { nameLengthProblems } from '../config/name-lengths.js';
import { prefixesReport, renderPrefixesText, renderPrefixesJson } from '../app/prefixes.js';
import { askFirstRunChoices, askLinksForThisRun } from '../plain/first-run.js';
import { Journal, journalPath } from '../state/journal.js';
import { setupIdFor } from '../state/setup.js';
import { knownGatewayAddresses } from '../model/plan.js';
import { describeMismatch, movedContexts } from '../state/bindings.js';
import { describeObject } from '../cluster/read.js';
import { durationMs } from '../config/validate.js';
import { errorMessage } from '../lib/guards.js';
import { configMigrate } from './config-migrate.js';

declare const __CROSSMESH_VERSION__: string;
export const VERSION = typeof __CROSSMESH_VERSION__ === 'string' ? __CROSSMESH_VERSION__ : '0.0.0-dev';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

class Refusal extends Error {}

/** --from, checked against the steps of this configuration (the steps that connect meshes depend on its links). */
function fromStep(opts: CliOptions, config: CrossmeshConfig): StepId | undefined {
  if (!opts.from) return undefined;
  const ids = stepsFor(config).map((s) => s.id);
  if (!ids.includes(opts.from) || opts.from === ids[0])
    throw new UsageError(`--from ${JSON.stringify(opts.from)} is not a step; use one of: ${ids.slice(1).join(', ')}`);
  return opts.from;
}

interface Context {
  opts: CliOptions;
  io: Io;
  /** what this run works with: the file's configuration with the prefix applied */
  config: CrossmeshConfig;
  /** the configuration as crossmesh.yaml has it */
  fileConfig: CrossmeshConfig;
  prefix: string | undefined;
  configExists: boolean;
  tools: Tools;
  style: Style;
  write: (line: string) => void;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const opts = parseCli(argv, io.env);
    if (opts.help) {
      io.stdout.write(HELP);
      return EXIT.ok;
    }
    if (opts.version) {
      io.stdout.write(`crossmesh ${VERSION}\n`);
      return EXIT.ok;
    }
    // config migrate reads the file itself (it needs its version and bytes), and touches no cluster
    if (opts.command === 'config') return configMigrate({ file: opts.config, fileGiven: opts.configGiven, write: opts.write }, io);
    const { config, exists } = loadConfig(opts.config, { mustExist: opts.configGiven });
    const tools = new Tools({
      ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
      ...(opts.kumactlConfig ? { kumactlConfig: opts.kumactlConfig } : {}),
    });
    const style = makeStyle({ color: opts.color && Boolean(io.stdout.isTTY), env: io.env });
    const prefix = opts.prefix ?? config.prefix;
    const badPrefix = opts.prefix === undefined ? undefined : prefixProblem(opts.prefix);
    if (badPrefix) throw new UsageError(`--prefix ${badPrefix}`);
    const tooLong = prefix ? nameLengthProblems(config, prefix)[0] : undefined;
    if (tooLong) throw new UsageError(`${opts.prefix !== undefined ? '--prefix' : 'prefix'}: ${tooLong.path}: ${tooLong.message}`);
    const ctx: Context = {
      opts,
      io,
      config: prefix ? withPrefix(config, prefix) : config,
      fileConfig: config,
      prefix,
      configExists: exists,
      tools,
      style,
      write: (line) => io.stdout.write(`${line}\n`),
    };
    try {
      return await dispatch(ctx);
    } finally {
      tools.dispose();
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof ExportError) {
      io.stderr.write(`crossmesh: ${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof InterruptedError) {
      io.stderr.write(`crossmesh: ${err.message}\n`);
      return EXIT.interrupted;
    }
    if (err instanceof Refusal || err instanceof InputClosedError) {
      io.stderr.write(`crossmesh: ${err.message}\n`);
      return EXIT.failed;
    }
    io.stderr.write(`crossmesh: unexpected error: ${errorMessage(err)}\nPlease report this with the command you ran.\n`);
    return EXIT.failed;
  }
}

async function dispatch(c: Context): Promise<number> {
  const { opts, io, config, tools, style } = c;
  const given = parseGatewayAddresses(opts.gatewayAddresses, config);
  // plan and export show the addresses an earlier run learned (typed or waited for), as apply uses them
  const known = () =>
    knownGatewayAddresses(config, new Journal(journalPath(opts.config), { readOnly: true }).data.facts.gatewayAddresses, given);
  const from = fromStep(opts, config);
  switch (opts.command) {
    case 'plan':
      if (opts.diagram) {
        const width = io.stdout.isTTY && io.stdout.columns ? Math.min(io.stdout.columns, 120) : 80;
        io.stdout.write(diagramText(config, width, io.env.TERM === 'dumb'));
        return EXIT.ok;
      }
      io.stdout.write(renderPlan(config, tools, opts.format, known()));
      return EXIT.ok;
    case 'export': {
      const addresses = known();
      const files = exportFiles(config, tools, addresses);
      if (opts.handout)
        for (const [path, text] of handoutFiles(config, tools, { gatewayAddresses: addresses, ascii: io.env.TERM === 'dumb' }))
          files.set(path, text);
      const written = writeExport(opts.positionals[0]!, files, (text) => io.stdout.write(text));
      io.stdout.write(`Wrote ${written.count} files to ${written.dir}\nApply them with: ${written.dir}/apply.sh\n`);
      return EXIT.ok;
    }
    case 'verify': {
      const results = await runConnectivityCheck(tools, config);
      lineReporter(c.write, style)({ type: 'checks', step: 'verify', results });
      return results.every((r) => r.status !== 'fail') ? EXIT.ok : EXIT.failed;
    }
    case 'status':
      return status(c);
    case 'teardown':
      return teardown(c);
    case 'config':
      throw new Error('crossmesh config runs before any configuration is loaded');
    case 'apply': {
      if (!opts.yes && !opts.rehearse)
        throw new UsageError(
          'apply runs without questions only with --yes (or walk through it with --rehearse); for a guided run, start crossmesh without a command',
        );
      return runPlain(c, { automatic: true, from, gatewayAddresses: given });
    }
    case 'wizard': {
      if (opts.editLinks && opts.yes)
        throw new UsageError('--edit-links asks which mesh may call which, and --yes answers no question: leave out one of them');
      const tui = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !opts.plain;
      if (!tui) {
        if (!opts.plain) io.stderr.write('crossmesh: no terminal on stdin or stdout, so the plain line-by-line front end is used.\n');
        return runPlain(c, { automatic: opts.yes, from, gatewayAddresses: given });
      }
      // what the first frame needs is started at once and side by side: the Ink chunk (the largest
      // part of the start) loads while kubectl lists the contexts for the first-run picker
      const tuiChunk = import('../tui/run-tui.js');
      const contexts = c.configExists ? undefined : listKubeContexts(tools);
      // the session asks the clusters whether they answer: that runs beside the import too, and
      // the wizard shows a spinner if it has not finished when the first frame could be drawn
      const session = openSession(c, { rehearseWhenUnreachable: true, gatewayAddresses: given, ...(from ? { from } : {}) });
      session.catch(() => {}); // reported where it is awaited
      const { runTui } = await tuiChunk;
      return await runTui(session, { color: opts.color, env: io.env, editLinks: opts.editLinks, ...(contexts ? { contexts } : {}) });
    }
  }
}

async function runPlain(
  c: Context,
  o: { automatic: boolean; from?: StepId; gatewayAddresses: ReturnType<typeof parseGatewayAddresses> },
): Promise<number> {
  const { opts, io, style } = c;
  if (!o.automatic && !io.stdin.isTTY && !c.configExists && !opts.rehearse) {
    throw new UsageError(
      `without a terminal crossmesh cannot ask which clusters to use, and ${opts.config} does not exist. ` +
        'Write it with zones (a name and a kube context each), meshes, links and global (controlPlane or context), as the README shows, ' +
        'or pass --yes to use the defaults that "crossmesh plan" shows.',
    );
  }
  const prompter: Prompter | undefined = o.automatic
    ? undefined
    : io.stdin.isTTY
      ? new InquirerPrompter()
      : new LinePrompter(io.stdin, (t) => io.stdout.write(t));
  try {
    // a first run at a terminal: the gateway kinds and the links are choices of the user's, not defaults to discover later
    const picked =
      prompter && io.stdin.isTTY && !c.configExists
        ? await askFirstRunChoices(prompter, c.fileConfig, c.write, { file: opts.config, ...(c.prefix ? { prefix: c.prefix } : {}) })
        : prompter && opts.editLinks
          ? await askLinksForThisRun(prompter, c.fileConfig, c.write, { file: opts.config, exists: c.configExists })
          : undefined;
    if (picked) {
      for (const line of picked.keep) c.write(line);
      c = { ...c, fileConfig: picked.config, config: c.prefix ? withPrefix(picked.config, c.prefix) : picked.config };
    }
    // the wizard rehearses by itself when no cluster answers; apply never does unless asked to
    const session = await openSession(c, {
      rehearseWhenUnreachable: opts.command === 'wizard',
      gatewayAddresses: o.gatewayAddresses,
      ...(o.from ? { from: o.from } : {}),
    });
    if (session.journal?.problem) io.stderr.write(`crossmesh: ${session.journal.problem}\n`);
    const resume = await plainResume(c, session, prompter);
    const missing: string[] = [];
    const engine = session.engine(
      {
        previewLive: Boolean(prompter),
        ask: prompter
          ? promptingAsker(prompter, { rebind: opts.rebind })
          : automaticAsker({
              rebind: opts.rebind,
              onMissingAddress: (meshName, mesh) =>
                missing.push(
                  `${meshName} (give it with --gateway-address ${mesh}=ADDRESS or meshes.${mesh}.gateway.address in ${opts.config})`,
                ),
            }),
        emit: lineReporter(c.write, style, { showManifests: Boolean(prompter) }),
      },
      resume,
    );
    const summary = await engine.run();
    if (missing.length) io.stderr.write(`crossmesh: no gateway address for ${missing.join(', ')}.\n`);
    return summary.ok ? EXIT.ok : EXIT.failed;
  } finally {
    prompter?.close();
  }
}

function openSession(
  c: Context,
  o: { rehearseWhenUnreachable: boolean; gatewayAddresses: Partial<Record<MeshKey, string>>; from?: StepId },
): Promise<Session> {
  return Session.open({
    config: c.fileConfig,
    ...(c.prefix ? { prefix: c.prefix } : {}),
    configFile: c.opts.config,
    configExists: c.configExists,
    tools: c.tools,
    rehearse: c.opts.rehearse,
    verify: c.opts.verify,
    ...o,
  });
}

/** With an earlier run on record, find the first step that is not in sync and offer to continue there. */
async function plainResume(c: Context, session: Session, prompter: Prompter | undefined): Promise<ResumeChoice> {
  const proposal = await session.resumeProposal();
  if (!proposal) return { inSync: [] };
  const { point, inSync, report } = proposal;
  const where =
    point === 'verify' && inSync.length ? `${point}: every step is already in sync` : `${point}, the first one that is not in sync`;
  c.write(renderStatusText(report, c.style).trimEnd());
  if (!prompter) {
    c.write(`Continuing at step ${where}.`);
    return { from: point, inSync };
  }
  const answer = await prompter.choose(
    `Continue at step ${where}?`,
    [
      { key: 'c', label: `continue at ${point}`, value: 'continue' as const },
      { key: 'r', label: 'start from the first step', value: 'restart' as const },
    ],
    'continue',
  );
  return answer === 'continue' ? { from: point, inSync } : { inSync: [] };
}

/** Refuses to go on when a context now points to another cluster, unless --rebind accepts the new one. */
function refuseMovedContexts(c: Context, journal: Journal, fingerprints: Record<string, string>): void {
  const moved = movedContexts(journal, fingerprints);
  if (moved.length && !c.opts.rebind)
    throw new Refusal(
      `${moved.map(describeMismatch).join('; ')}. Nothing was changed. Fix the kubeconfig, or run again with --rebind if the new cluster is intended.`,
    );
  if (c.opts.rebind && !journal.readOnly) for (const [context, fp] of Object.entries(fingerprints)) journal.bind(context, fp);
}

async function status(c: Context): Promise<number> {
  if (c.opts.allPrefixes) {
    const report = await prefixesReport(c.tools, c.fileConfig);
    c.io.stdout.write(c.opts.json ? renderPrefixesJson(report) : renderPrefixesText(report, c.style));
    return report.exitCode;
  }
  const journal = new Journal(journalPath(c.opts.config), { readOnly: true });
  if (journal.problem) c.io.stderr.write(`crossmesh: ${journal.problem}\n`);
  const report = await statusReport(c.tools, c.config, journal);
  // the fingerprints came with the scan: a moved context is refused before anything is reported
  refuseMovedContexts(c, journal, report.fingerprints);
  c.io.stdout.write(c.opts.json ? renderStatusJson(report) : renderStatusText(report, c.style));
  return report.exitCode;
}

async function teardown(c: Context): Promise<number> {
  const { opts, io } = c;
  const journal = new Journal(journalPath(opts.config));
  if (journal.problem) io.stderr.write(`crossmesh: ${journal.problem}\n`);
  let only: Set<string> | undefined;
  if (opts.link !== undefined) {
    const link = parseLink(c.config, opts.link);
    if (typeof link === 'string') throw new UsageError(`--link: ${link}`);
    only = linkOnlyIdentities(c.config, link);
    c.write(`Only the objects of the link ${linkLabel(c.config, link)}: the other links keep theirs.`);
  }
  let plan;
  try {
    plan = await planTeardown(c.tools, c.config, journal, setupIdFor(opts.config, c.prefix), only);
  } catch (err) {
    throw new Refusal(`teardown stopped before deleting anything: ${errorMessage(err)}`);
  }
  refuseMovedContexts(c, journal, plan.fingerprints);
  for (const k of plan.keep) c.write(`keep    ${describeObject(k.object.manifest)} on ${k.object.manifest.target.context}: ${k.reason}`);
  for (const r of plan.remove) c.write(`delete  ${describeObject(r.manifest)} on ${r.manifest.target.context}`);
  if (!plan.remove.length) {
    c.write('Nothing that crossmesh created is left.');
    return EXIT.ok;
  }
  if (!opts.yes) {
    if (!io.stdin.isTTY)
      throw new UsageError('teardown deletes objects: confirm with --yes when there is no terminal to type the confirmation');
    const names = c.config.meshes.map((m) => m.name).join(' ');
    const prompter = new InquirerPrompter();
    const typed = await prompter.text(`Type the mesh names "${names}" to delete the ${plan.remove.length} objects above:`, () => undefined);
    if (typed.replace(/\s+/g, ' ') !== names) {
      c.write('The names did not match; nothing was deleted.');
      return EXIT.failed;
    }
  }
  const ok = await executeTeardown(c.tools, plan, c.write, { drainWaitMs: durationMs(c.config.drainWait) });
  c.write(
    ok
      ? `Deleted ${plan.remove.length} objects. Namespaces may take a while to disappear.`
      : 'Some deletions failed; the messages above say why. Run teardown again once fixed.',
  );
  return ok ? EXIT.ok : EXIT.failed;
}
