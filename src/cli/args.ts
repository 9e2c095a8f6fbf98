import { parseArgs } from 'node:util';
import { errorMessage, isOneOf } from '../lib/guards.js';
import { STEP_IDS } from '../../steps/index.js';

export const COMMANDS = ['wizard', 'plan', 'export', 'apply', 'verify', 'status', 'teardown', 'config'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command: CommandName;
  positionals: string[];
  config: string;
  configGiven: boolean;
  kubeconfig?: string;
  kumactlConfig?: string;
  rehearse: boolean;
  yes: boolean;
  verify: boolean;
  plain: boolean;
  color: boolean;
  format: 'yaml' | 'json';
  json: boolean;
  from?: string;
  handout: boolean;
  diagram: boolean;
  gatewayAddresses: string[];
  rebind: boolean;
  /** --prefix NAME */
  prefix?: string;
  allPrefixes: boolean;
  /** the wizard: choose the links on the matrix before the steps, even with a crossmesh.yaml */
  editLinks: boolean;
  /** teardown --link FROM:TO: only the objects that link needs */
  link?: string;
  /** config migrate --write */
  write: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

// the first step (the prerequisites) always runs, so --from names one of the others
const STEP_NAMES = STEP_IDS.slice(1).join(', ');

/** Options every command takes. */
const COMMON = ['config', 'kubeconfig', 'kumactl-config', 'prefix', 'no-color', 'help', 'version'];

/** The options that mean something for each command; any other is refused, not silently ignored. */
const OPTIONS_OF: Record<CommandName, string[]> = {
  wizard: ['rehearse', 'yes', 'no-verify', 'plain', 'from', 'gateway-address', 'rebind', 'edit-links'],
  plan: ['format', 'diagram', 'gateway-address'],
  export: ['handout', 'gateway-address'],
  apply: ['yes', 'rehearse', 'no-verify', 'from', 'gateway-address', 'rebind'],
  verify: [],
  status: ['json', 'rebind', 'all-prefixes'],
  teardown: ['yes', 'rebind', 'link'],
  config: ['write'],
};

/** Options every other command takes that mean nothing for this one. */
const COMMON_EXCEPT: Partial<Record<CommandName, string[]>> = {
  // config migrate reads and writes the file: it touches no cluster and puts no prefix into the file
  config: ['kubeconfig', 'kumactl-config', 'prefix'],
};

/** The subcommands of crossmesh config. */
export const CONFIG_SUBCOMMANDS = ['migrate'] as const;

function commandName(command: CommandName): string {
  return command === 'wizard' ? 'the wizard' : command === 'config' ? 'config migrate' : command;
}

function refuseMeaninglessOptions(command: CommandName, given: string[]): void {
  const except = COMMON_EXCEPT[command] ?? [];
  const allowed = new Set([...COMMON.filter((o) => !except.includes(o)), ...OPTIONS_OF[command]]);
  const wrong = given.filter((o) => !allowed.has(o));
  if (!wrong.length) return;
  const name = command === 'wizard' ? 'crossmesh (the wizard)' : `crossmesh ${commandName(command)}`;
  const where = (o: string) => {
    if (COMMON.includes(o)) return `--${o} goes with every other command`;
    const users = COMMANDS.filter((c) => OPTIONS_OF[c].includes(o)).map(commandName);
    return `--${o} goes with ${users.join(', ')}`;
  };
  throw new UsageError(
    `${wrong.map((o) => `--${o}`).join(', ')} ${wrong.length === 1 ? 'means' : 'mean'} nothing for ${name}: ${wrong.map(where).join('; ')}.\nRun "crossmesh --help" to see the commands and options.`,
  );
}

/** Parses the command line; throws UsageError with a message that says how to fix it. */
export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string', short: 'c' },
        kubeconfig: { type: 'string' },
        'kumactl-config': { type: 'string' },
        rehearse: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'no-verify': { type: 'boolean' },
        plain: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        format: { type: 'string' },
        json: { type: 'boolean' },
        from: { type: 'string' },
        handout: { type: 'boolean' },
        diagram: { type: 'boolean' },
        'gateway-address': { type: 'string', multiple: true },
        rebind: { type: 'boolean' },
        prefix: { type: 'string' },
        'all-prefixes': { type: 'boolean' },
        'edit-links': { type: 'boolean' },
        link: { type: 'string' },
        write: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    const msg = errorMessage(err).replace(/\. To specify a positional argument.*$/s, '');
    throw new UsageError(`${msg}\nRun "crossmesh --help" to see the commands and options.`);
  }
  const { values, positionals } = parsed;
  const [first, ...rest] = positionals;
  let command: CommandName = 'wizard';
  let args = positionals;
  if (first !== undefined) {
    if (!isOneOf(COMMANDS, first) || first === 'wizard') {
      throw new UsageError(
        `unknown command "${first}"; the commands are: ${COMMANDS.filter((c) => c !== 'wizard').join(', ')} (no command opens the wizard)`,
      );
    }
    command = first;
    args = rest;
  }
  refuseMeaninglessOptions(
    command,
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k]) => k),
  );
  const format = values.format ?? 'yaml';
  if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format must be yaml or json, got "${format}"`);
  const expected: Record<CommandName, number> = { wizard: 0, plan: 0, export: 1, apply: 0, verify: 0, status: 0, teardown: 0, config: 1 };
  if (!values.help && !values.version && command === 'config') {
    const [sub, ...more] = args;
    if (sub === undefined) throw new UsageError('config needs a subcommand: crossmesh config migrate [--config FILE] [--write]');
    if (!isOneOf(CONFIG_SUBCOMMANDS, sub))
      throw new UsageError(
        `unknown config subcommand ${JSON.stringify(sub)}; the one there is: crossmesh config migrate [--config FILE] [--write]`,
      );
    if (more.length) throw new UsageError(`"crossmesh config migrate" takes no further arguments, got: ${more.join(' ')}`);
  }
  if (!values.help && !values.version && args.length !== expected[command]) {
    throw new UsageError(
      command === 'export'
        ? 'export needs one directory: crossmesh export DIR'
        : `"${command === 'wizard' ? 'crossmesh' : `crossmesh ${command}`}" takes no further arguments, got: ${args.join(' ')}`,
    );
  }
  const kumactlConfig = values['kumactl-config'] ?? (env.CROSSMESH_KUMACTL_CONFIG || undefined);
  return {
    command,
    positionals: args,
    config: values.config ?? 'crossmesh.yaml',
    configGiven: values.config !== undefined,
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
    ...(kumactlConfig ? { kumactlConfig } : {}),
    rehearse: values.rehearse ?? false,
    yes: values.yes ?? false,
    verify: !(values['no-verify'] ?? false),
    plain: values.plain ?? false,
    color: !(values['no-color'] ?? false) && !(env.NO_COLOR !== undefined && env.NO_COLOR !== ''),
    format,
    json: values.json ?? false,
    ...(values.from ? { from: values.from } : {}),
    ...(values.link !== undefined ? { link: values.link } : {}),
    handout: values.handout ?? false,
    diagram: values.diagram ?? false,
    gatewayAddresses: values['gateway-address'] ?? [],
    rebind: values.rebind ?? false,
    ...(values.prefix !== undefined ? { prefix: values.prefix } : {}),
    allPrefixes: values['all-prefixes'] ?? false,
    editLinks: values['edit-links'] ?? false,
    write: values.write ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

export const HELP = `crossmesh: connect two isolated Kuma / Kong Mesh meshes across two Kubernetes clusters

Usage:
  crossmesh [options]              open the wizard (rehearsal mode when no cluster is reachable)
  crossmesh plan [--format yaml|json]
                                   print every manifest in order, with step, tool, context, namespace
  crossmesh plan --diagram         draw the two clusters, meshes, gateways and external services
  crossmesh export DIR [--handout] write numbered manifests, apply.sh and a README per step to DIR;
                                   --handout adds DIR/handout: one page per step for learners
  crossmesh apply --yes [--no-verify]
                                   run every step without the wizard, one line per action
  crossmesh verify                 run the connectivity check alone
  crossmesh status [--json]        the zones and every step compared with the plan
  crossmesh status --all-prefixes  every prefixed setup on the clusters (a workshop) and how far each is
  crossmesh teardown [--yes]       delete, in Kuma's order, only what this setup created
  crossmesh config migrate [--write]
                                   print crossmesh.yaml in the version 2 form (zones, meshes, links);
                                   --write replaces the file, keeping the old one as FILE.v1.bak

Options:
  -c, --config FILE                configuration file (default: ./crossmesh.yaml)
      --kubeconfig FILE            kubeconfig to use (default: KUBECONFIG or ~/.kube/config)
      --kumactl-config FILE        kumactl configuration (default: CROSSMESH_KUMACTL_CONFIG or ~/.kumactl/config)
      --prefix NAME                put NAME- in front of every mesh, namespace and gateway name, so
                                   several people can share two clusters (also the prefix key)
      --gateway-address MESH=ADDR  reachable address of a mesh's gateway (repeatable), e.g. mesh1=203.0.113.10
      --rehearse                   walk through every step without applying anything
      --from STEP                  start at a step: ${STEP_NAMES} (other shapes: gateway-MESH, link-FROM-to-TO)
      --rebind                     accept that a context now points to another cluster
      --edit-links                 the wizard: choose which mesh may call which (a grid; a list with
                                   --plain) before the steps; with a crossmesh.yaml, for this run only
  -y, --yes                        answer every confirmation with yes (for scripts)
      --no-verify                  with apply: skip the final connectivity check
      --plain                      line-by-line front end (chosen by itself without a terminal)
      --no-color                   no colours (NO_COLOR is honoured too)
  -h, --help                       show this help
  -v, --version                    print the version

Exit codes (every command):
  0    done; status: every step matches the plan
  1    a step failed or was refused, or a cluster could not be read
  2    the command line or crossmesh.yaml is wrong: nothing was done
  3    status: objects missing or different, a zone offline, or a Mesh not in step in a zone
  130  stopped with Ctrl-C
`;
