import { parseCli, HELP, UsageError, type CliOptions } from './args.js';
import { loadConfig, ConfigError } from '../config/file.js';
import { Tools } from '../adapter/tools.js';
import { renderPlan } from '../commands/plan.js';
import { exportFiles, writeExport, ExportError } from '../commands/export.js';
import { parseGatewayAddresses } from './gateway-flags.js';
import { makeStyle } from '../render/style.js';
import { Engine } from '../engine/engine.js';
import type { Asker } from '../engine/events.js';
import { lineReporter } from '../plain/line-reporter.js';
import { runConnectivityCheck } from '../verify.js';
import { STEP_IDS } from '../../steps/index.js';
import type { StepId } from '../engine/types.js';
import { detectRehearsal } from './rehearsal.js';

declare const __CROSSMESH_VERSION__: string;
export const VERSION = typeof __CROSSMESH_VERSION__ === 'string' ? __CROSSMESH_VERSION__ : '0.0.0-dev';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

const out = (io: Io) => (line: string) => io.stdout.write(`${line}\n`);

/** Answers for --yes: apply every step, stop at the first failure, never prompt. */
export function automaticAsker(onMissingAddress: (meshName: string, mesh: string) => void): Asker {
  return ((q: Parameters<Asker>[0], signal?: AbortSignal) => {
    if (q.kind === 'step') return Promise.resolve('apply');
    if (q.kind === 'failure') return Promise.resolve('quit');
    if (!q.timedOut) return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted')), { once: true }));
    onMissingAddress(q.meshName, q.mesh);
    return Promise.resolve('quit');
  }) as Asker;
}

function fromStep(opts: CliOptions): StepId | undefined {
  if (!opts.from) return undefined;
  if (!STEP_IDS.includes(opts.from as StepId) || opts.from === 'prerequisites')
    throw new UsageError(`--from ${JSON.stringify(opts.from)} is not a step; use one of: ${STEP_IDS.filter((s) => s !== 'prerequisites').join(', ')}`);
  return opts.from as StepId;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let opts: CliOptions;
  try {
    opts = parseCli(argv, io.env);
    if (opts.help) {
      io.stdout.write(HELP);
      return 0;
    }
    if (opts.version) {
      io.stdout.write(`crossmesh ${VERSION}\n`);
      return 0;
    }
    const { config, exists } = loadConfig(opts.config, { mustExist: opts.configGiven });
    const gatewayAddresses = parseGatewayAddresses(opts.gatewayAddresses, config);
    const from = fromStep(opts);
    const tools = new Tools({
      ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
      ...(opts.kumactlConfig ? { kumactlConfig: opts.kumactlConfig } : {}),
    });
    const style = makeStyle({ color: opts.color && Boolean(io.stdout.isTTY), env: io.env });

    switch (opts.command) {
      case 'plan':
        io.stdout.write(renderPlan(config, tools, opts.format, gatewayAddresses));
        return 0;
      case 'export': {
        const written = writeExport(opts.positionals[0]!, exportFiles(config, tools, gatewayAddresses));
        io.stdout.write(`Wrote ${written.count} files to ${written.dir}\nApply them with: ${written.dir}/apply.sh\n`);
        return 0;
      }
      case 'verify': {
        const results = await runConnectivityCheck(tools, config);
        const report = lineReporter(out(io), style);
        report({ type: 'checks', step: 'verify', results });
        return results.every((r) => r.status !== 'fail') ? 0 : 1;
      }
      case 'apply': {
        if (!opts.yes && !opts.rehearse) throw new UsageError('apply runs without questions only with --yes (or walk through it with --rehearse); for a guided run, start crossmesh without a command');
        const missing: string[] = [];
        const engine = new Engine({
          config,
          tools,
          rehearsal: opts.rehearse,
          verify: opts.verify,
          gatewayAddresses,
          ...(from ? { from } : {}),
          ask: automaticAsker((meshName, mesh) => missing.push(`${meshName} (give it with --gateway-address ${mesh}=ADDRESS or meshes.${mesh}.gateway.address in ${opts.config})`)),
          emit: lineReporter(out(io), style),
        });
        const summary = await engine.run();
        if (missing.length) io.stderr.write(`No gateway address for ${missing.join(', ')}.\n`);
        return summary.ok ? 0 : 1;
      }
      case 'wizard': {
        const rehearsal = opts.rehearse || (await detectRehearsal(tools, config));
        const interactive = Boolean(io.stdin.isTTY && io.stdout.isTTY) && !opts.plain;
        if (!interactive) {
          throw new UsageError('the full-screen wizard needs a terminal; in scripts use "crossmesh apply --yes" or "crossmesh plan"');
        }
        const { runTui } = await import('../ui/run-tui.js');
        return await runTui({ config, configFile: opts.config, configExists: exists, tools, rehearsal, rehearsalForced: opts.rehearse, gatewayAddresses, ...(from ? { from } : {}), color: opts.color, env: io.env, verify: opts.verify });
      }
      default:
        throw new UsageError(`"${opts.command}" is not available yet`);
    }
  } catch (err) {
    if (err instanceof UsageError || err instanceof ConfigError || err instanceof ExportError) {
      io.stderr.write(`crossmesh: ${err.message}\n`);
      return 2;
    }
    io.stderr.write(`crossmesh: unexpected error: ${(err as Error).message}\nPlease report this with the command you ran.\n`);
    return 1;
  }
}
