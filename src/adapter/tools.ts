import { execaRunner, type Runner, type RunResult } from './runner.js';
import { KumactlConfigResolver, defaultKumactlConfigFile } from './kumactl-config.js';
import type { Target, ToolName } from './target.js';

export interface ToolsOptions {
  /** --kubeconfig, when the user gave one (otherwise kubectl honours KUBECONFIG itself) */
  kubeconfig?: string;
  /** --kumactl-config or CROSSMESH_KUMACTL_CONFIG */
  kumactlConfig?: string;
  runner?: Runner;
  timeoutMs?: number;
}

export interface CallOptions {
  input?: string;
  timeoutMs?: number;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

export interface ToolResult extends RunResult {
  tool: ToolName;
  /** the command as a user would type it */
  command: string;
}

/** Quotes one argument for display in a POSIX shell; the adapter itself never uses a shell. */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * The one adapter through which every kubectl and kumactl call goes. It adds the context or
 * control-plane selection to every call, so nothing reaches a cluster the user did not pick.
 */
export class Tools {
  readonly kumactlConfigFile: string;
  private readonly resolver: KumactlConfigResolver;
  private readonly runner: Runner;

  constructor(readonly options: ToolsOptions = {}) {
    this.runner = options.runner ?? execaRunner;
    this.kumactlConfigFile = options.kumactlConfig ?? defaultKumactlConfigFile();
    this.resolver = new KumactlConfigResolver(this.kumactlConfigFile);
  }

  /** Arguments that select the cluster or control plane, as shown to the user. */
  selectorArgs(tool: ToolName, context: string | undefined): string[] {
    if (tool === 'kubectl') {
      return [...(this.options.kubeconfig ? ['--kubeconfig', this.options.kubeconfig] : []), ...(context ? ['--context', context] : [])];
    }
    return this.options.kumactlConfig ? ['--config-file', this.options.kumactlConfig] : [];
  }

  /** The exact command for a target, for previews and exported scripts. */
  commandLine(tool: ToolName, context: string | undefined, args: string[]): string {
    return [tool, ...this.selectorArgs(tool, context), ...args].map(shellQuote).join(' ');
  }

  /** The exact command for a manifest's target; kumactl's control plane is chosen through its config file. */
  commandForTarget(target: Target, args: string[]): string {
    return this.commandLine(target.tool, target.context, args);
  }

  async kubectl(context: string | undefined, args: string[], opts: CallOptions = {}): Promise<ToolResult> {
    return this.run('kubectl', this.selectorArgs('kubectl', context), args, opts);
  }

  async kumactl(controlPlane: string | undefined, args: string[], opts: CallOptions = {}): Promise<ToolResult> {
    let selector: string[] = this.selectorArgs('kumactl', undefined);
    if (controlPlane) {
      const picked = this.resolver.fileFor(controlPlane);
      if ('error' in picked) {
        return {
          tool: 'kumactl',
          command: this.commandLine('kumactl', undefined, args),
          exitCode: 1,
          stdout: '',
          stderr: picked.error,
          notFound: false,
          timedOut: false,
        };
      }
      selector = ['--config-file', picked.file];
    }
    return this.run('kumactl', selector, args, opts);
  }

  forTarget(target: Target, args: string[], opts: CallOptions = {}): Promise<ToolResult> {
    return target.tool === 'kubectl' ? this.kubectl(target.context, args, opts) : this.kumactl(target.context, args, opts);
  }

  dispose(): void {
    this.resolver.dispose();
  }

  private async run(tool: ToolName, selector: string[], args: string[], opts: CallOptions): Promise<ToolResult> {
    const argv = [...selector, ...args];
    const command = [tool, ...argv].map(shellQuote).join(' ');
    const result = await this.runner({
      file: tool,
      args: argv,
      ...(opts.input !== undefined ? { input: opts.input } : {}),
      timeoutMs: opts.timeoutMs ?? this.options.timeoutMs ?? 60_000,
      ...(opts.onLine ? { onLine: opts.onLine } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    return { ...result, tool, command };
  }
}
