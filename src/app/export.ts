import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  mkdtempSync,
} from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { errorMessage } from '../lib/guards.js';
import { buildPlan, manifestYaml, planContext, describeTarget, applyArgs, type PlannedStep } from '../model/plan.js';
import { stepsFor } from '../../steps/index.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import { isGuideShape, linkLabel, meshOf } from '../config/model.js';
import type { Tools } from '../adapter/tools.js';
import { shellQuote } from '../adapter/tools.js';
import type { Manifest } from '../model/types.js';
import { kindOf, nameOf } from '../model/types.js';
import { meshPlacements } from '../cluster/mesh-sync.js';
import { durationMs } from '../config/validate.js';

const MARKER = '.crossmesh-export';

export class ExportError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');
const fileName = (i: number, m: Manifest) => `${pad(i + 1)}-${m.target.role}-${kindOf(m.object).toLowerCase()}-${nameOf(m.object)}.yaml`;
const stepDir = (i: number, p: PlannedStep) => `${pad(i + 1)}-${p.step.id}`;

/** What to look at after a step, as commands a learner can run. */
export function checkCommands(config: CrossmeshConfig, tools: Tools, p: PlannedStep): string[] {
  if (p.step.checkCommands) return p.step.checkCommands({ config, tools });
  return p.manifests.map((m) => {
    if (m.target.tool === 'kumactl') return tools.commandLine('kumactl', undefined, ['get', 'mesh', nameOf(m.object), '-o', 'yaml']);
    const ns = m.target.namespace ? ['-n', m.target.namespace] : [];
    return tools.commandLine('kubectl', m.target.context, ['get', kindOf(m.object).toLowerCase(), nameOf(m.object), ...ns]);
  });
}

/** A step's heading and explanation in Markdown, as the step READMEs and the handout pages start. */
export function explanationMarkdown(p: PlannedStep, index: number, total: number, summary = p.step.explanation.summary): string[] {
  const e = p.step.explanation;
  return [
    `# Step ${index + 1} of ${total}: ${p.step.title}`,
    '',
    summary,
    '',
    '## The idea',
    '',
    e.concept,
    '',
    '## Why this step',
    '',
    e.why,
    '',
  ];
}

function stepReadme(config: CrossmeshConfig, tools: Tools, p: PlannedStep, index: number, total: number): string {
  const lines = explanationMarkdown(p, index, total);
  if (p.step.fixes.length) {
    lines.push('## Where crossmesh differs from the guide', '');
    for (const f of p.step.fixes) lines.push(`- **${f.title}.** The guide: ${f.guide} crossmesh: ${f.crossmesh}`);
    lines.push('');
  }
  if (p.manifests.length) {
    lines.push('## Manifests', '');
    p.manifests.forEach((m, i) => {
      lines.push(
        `### ${fileName(i, m)}`,
        '',
        `${m.purpose}. Goes to ${describeTarget(m.target)}.`,
        '',
        '```sh',
        `${tools.commandForTarget(m.target, applyArgs())} < ${fileName(i, m)}`,
        '```',
        '',
      );
      if (m.needs) {
        const gw = meshOf(config, m.needs.mesh);
        lines.push(
          `The address \`${m.needs.placeholder}\` is a stand-in: apply.sh replaces it with ${m.needs.source.from === 'gateway' ? 'the address Kong Operator publishes for' : 'the LoadBalancer address of'} ${gw.gateway.name}, the gateway of ${gw.name}, or with \`$${gatewayAddressVariable(config, m.needs.mesh)}\` when that is set.`,
          '',
        );
      }
      lines.push('```yaml', manifestYaml(m).trimEnd(), '```', '');
    });
  }
  lines.push('## What to check', '', '```sh', ...checkCommands(config, tools, p), '```', '');
  return lines.join('\n');
}

/** A shell-safe form of a mesh name for variable names: payments -> PAYMENTS, my-mesh -> MY_MESH. */
function shellWord(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

/**
 * The environment variable that gives apply.sh the address of a mesh's gateway, named after the
 * configured mesh (GATEWAY_ADDRESS_PAYMENTS for a mesh called payments).
 */
export function gatewayAddressVariable(config: CrossmeshConfig, mesh: MeshKey): string {
  const index = config.meshes.findIndex((m) => m.key === mesh);
  const word = shellWord(meshOf(config, mesh).name);
  // two names that differ only where the shell form cannot tell them apart still get two variables
  const clash = config.meshes.some((m, i) => i !== index && shellWord(m.name) === word);
  return `GATEWAY_ADDRESS_${word}${clash ? `_${index + 1}` : ''}`;
}

function applyScript(config: CrossmeshConfig, tools: Tools, plan: PlannedStep[]): string {
  const needed = config.meshes.map((m) => m.key).filter((mesh) => plan.some((p) => p.manifests.some((m) => m.needs?.mesh === mesh)));
  const width = Math.max(0, ...needed.map((mesh) => gatewayAddressVariable(config, mesh).length));
  const lines = [
    '#!/usr/bin/env bash',
    '# Written by crossmesh export. Applies every manifest in order; every kubectl command names its --context.',
    ...(needed.length
      ? [
          "# Each gateway's address is read from its LoadBalancer Service (or, for a Kong Gateway, from its status). To skip that wait, set:",
          ...needed.map((mesh) => {
            const m = meshOf(config, mesh);
            return `#   ${gatewayAddressVariable(config, mesh).padEnd(width)}  the address of ${m.gateway.name}, the gateway of mesh ${m.name}`;
          }),
        ]
      : []),
    'set -euo pipefail',
    'cd "$(dirname "$0")"',
    '',
  ];
  if (config.global.tool === 'kumactl') {
    const cp = config.global.controlPlane;
    lines.push(
      '# kumactl has no flag to pick a control plane, so refuse to run against any but the one chosen',
      `current=$(${tools.commandLine('kumactl', undefined, ['config', 'view'])} | sed -n 's/^currentContext: *//p')`,
      `if [ "$current" != ${shellQuote(cp)} ]; then`,
      `  echo "kumactl points at control plane '$current', not '${cp}': run 'kumactl config control-planes switch --name ${cp}' first" >&2`,
      '  exit 1',
      'fi',
      '',
    );
  }
  lines.push(
    'gateway_address() { # context namespace service given-address variable',
    '  if [ -n "$4" ]; then echo "$4"; return; fi',
    '  local addr',
    '  for _ in $(seq 1 90); do',
    `    addr=$(${['kubectl', ...tools.selectorArgs('kubectl', undefined).map(shellQuote), '--context', '"$1"', 'get', 'service', '"$3"', '-n', '"$2"', '-o', shellQuote('jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}')].join(' ')} 2>/dev/null || true)`,
    '    if [ -n "$addr" ]; then echo "$addr"; return; fi',
    '    sleep 2',
    '  done',
    '  echo "no LoadBalancer address for $2/$3 on $1 after 3 minutes: set $5 to an address the other cluster can reach and run again" >&2',
    '  return 1',
    '}',
    '',
  );
  if (plan.some((p) => p.manifests.some((m) => m.needs?.source.from === 'gateway')))
    lines.push(
      '# Kong Operator writes the address of a Gateway into its status once the Kong proxy is ready',
      'gateway_status_address() { # context namespace gateway given-address variable',
      '  if [ -n "$4" ]; then echo "$4"; return; fi',
      '  local addr',
      '  for _ in $(seq 1 90); do',
      `    addr=$(${['kubectl', ...tools.selectorArgs('kubectl', undefined).map(shellQuote), '--context', '"$1"', 'get', 'gateways.gateway.networking.k8s.io', '"$3"', '-n', '"$2"', '-o', shellQuote('jsonpath={.status.addresses[0].value}')].join(' ')} 2>/dev/null || true)`,
      '    if [ -n "$addr" ]; then echo "$addr"; return; fi',
      '    sleep 2',
      '  done',
      '  echo "Gateway $2/$3 on $1 has no address after 3 minutes (is Kong Operator running?): set $5 to an address the other cluster can reach and run again" >&2',
      '  return 1',
      '}',
      '',
    );
  const syncSeconds = Math.max(1, Math.ceil(durationMs(config.meshSyncWait) / 1000));
  lines.push(
    '# a zone refuses objects of a mesh until the global control plane has copied the Mesh to it',
    'wait_for_mesh() { # context mesh',
    `  for _ in $(seq 1 ${syncSeconds}); do`,
    `    if ${['kubectl', ...tools.selectorArgs('kubectl', undefined).map(shellQuote), '--context', '"$1"', 'get', 'meshes.kuma.io', '"$2"', '-o', 'name'].join(' ')} >/dev/null 2>&1; then return; fi`,
    '    sleep 1',
    '  done',
    `  echo "mesh $2 has not reached the zone of context $1 after ${syncSeconds}s: the zone may be offline or not connected to the global control plane" >&2`,
    '  return 1',
    '}',
    '',
  );
  const everywhere = meshPlacements(
    config,
    plan.flatMap((p) => p.manifests),
  );
  const resolved = new Set<MeshKey>();
  plan.forEach((p, si) => {
    if (!p.manifests.length) return;
    lines.push(`echo ${shellQuote(`== step ${si + 1}: ${p.step.title}`)}`);
    p.manifests.forEach((m, mi) => {
      const file = `${stepDir(si, p)}/${fileName(mi, m)}`;
      const cmd = tools.commandForTarget(m.target, applyArgs());
      if (m.needs) {
        const mesh = m.needs.mesh;
        const given = gatewayAddressVariable(config, mesh);
        const v = `${given.slice('GATEWAY_ADDRESS_'.length)}_GATEWAY`;
        if (!resolved.has(mesh)) {
          const { context, namespace, name, from } = m.needs.source;
          const reader = from === 'gateway' ? 'gateway_status_address' : 'gateway_address';
          lines.push(`# the address of ${name}, the gateway of mesh ${meshOf(config, mesh).name}`);
          lines.push(`${v}=$(${reader} ${shellQuote(context)} ${shellQuote(namespace)} ${shellQuote(name)} "\${${given}:-}" ${given})`);
          resolved.add(mesh);
        }
        // bash's own substitution, with the address quoted so that no character in it is special
        lines.push(`manifest=$(<${shellQuote(file)}); printf '%s\\n' "\${manifest//${m.needs.placeholder}/"$${v}"}" | ${cmd}`);
      } else {
        lines.push(`${cmd} < ${shellQuote(file)}`);
      }
    });
    const meshes = new Set(p.manifests.filter((m) => kindOf(m.object) === 'Mesh').map((m) => nameOf(m.object)));
    for (const placement of everywhere.filter((x) => meshes.has(x.mesh)))
      lines.push(`wait_for_mesh ${shellQuote(placement.context)} ${shellQuote(placement.mesh)}`);
    lines.push('');
  });
  lines.push("echo 'All manifests applied. Check the result with the commands in each step README.'", '');
  return lines.join('\n');
}

function overview(config: CrossmeshConfig, plan: PlannedStep[]): string {
  return [
    '# crossmesh export',
    '',
    isGuideShape(config)
      ? `Two meshes (${config.meshes.map((m) => m.name).join(', ')}) across two clusters (contexts ${config.zones.map((z) => z.context).join(' and ')}), connected through one built-in gateway per mesh.`
      : `${config.meshes.length} meshes (${config.meshes.map((m) => m.name).join(', ')}) across ${config.zones.length} clusters (contexts ${config.zones.map((z) => z.context).join(', ')}), with ${config.links.length} link${config.links.length === 1 ? '' : 's'}${config.links.length ? `: ${config.links.map((l) => linkLabel(config, l)).join(', ')}` : ''}. Each called mesh has one gateway; each link is one external service in the zones its caller calls from.`,
    '',
    'Run `./apply.sh` to apply everything in order, or follow the steps one by one:',
    '',
    ...plan.map((p, i) => `${i + 1}. [${p.step.title}](${stepDir(i, p)}/README.md): ${p.step.explanation.summary}`),
    '',
  ].join('\n');
}

/** Files of an export, by path relative to the export folder (the marker file is added when it is written). */
export function exportFiles(
  config: CrossmeshConfig,
  tools: Tools,
  gatewayAddresses: Partial<Record<MeshKey, string>> = {},
): Map<string, string> {
  const plan = buildPlan(planContext(config, { gatewayAddresses }), stepsFor(config));
  const files = new Map<string, string>();
  files.set('README.md', overview(config, plan));
  files.set('apply.sh', applyScript(config, tools, plan));
  plan.forEach((p, si) => {
    files.set(`${stepDir(si, p)}/README.md`, stepReadme(config, tools, p, si, plan.length));
    p.manifests.forEach((m, mi) => files.set(`${stepDir(si, p)}/${fileName(mi, m)}`, manifestYaml(m)));
  });
  return files;
}

const MARKER_HEADER = [
  '# Written by crossmesh export. The files listed below are the ones it wrote here. When it exports',
  '# to this folder again it replaces them, removes those it no longer writes, and leaves every other',
  '# file alone. It refuses to overwrite a file that is not listed here.',
];

function markerText(paths: Iterable<string>): string {
  return `${[...MARKER_HEADER, ...[...paths].sort()].join('\n')}\n`;
}

/** A path the marker may name: relative, inside the folder, written the way exportFiles writes it. */
function isExportPath(p: string): boolean {
  return (
    p !== '' &&
    p !== MARKER &&
    !p.startsWith('/') &&
    !p.includes('\\') &&
    posix.normalize(p) === p &&
    !p.split('/').some((s) => s === '..' || s === '.' || s === '')
  );
}

/**
 * The files an earlier export recorded in its marker; null for a marker of an older crossmesh that
 * recorded none (it replaced the whole folder, so the files it would write count as its own).
 */
function recordedFiles(markerPath: string): Set<string> | null {
  const text = readFileSync(markerPath, 'utf8');
  if (!text.startsWith(MARKER_HEADER[0]!)) return null;
  return new Set(text.split('\n').filter((l) => l && !l.startsWith('#') && isExportPath(l)));
}

/** Every file (not folder) under `dir`, as relative paths with '/', without following symbolic links. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? filesUnder(join(dir, e.name), rel) : [rel];
  });
}

function lstat(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export interface ExportResult {
  dir: string;
  /** files written, the marker included */
  count: number;
  /** files of an earlier export that were replaced */
  replaced: string[];
  /** files of an earlier export that this one no longer writes, removed */
  removed: string[];
  /** files crossmesh did not write, left as they were */
  kept: string[];
}

/** What an export did to a folder that held an earlier one, for the user; empty for a new folder. */
export function describeExport(r: ExportResult): string {
  if (!r.replaced.length && !r.removed.length && !r.kept.length) return '';
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  const list = (paths: string[]) => (paths.length ? `: ${paths.join(', ')}` : '');
  return [
    `${r.dir} held an earlier crossmesh export.`,
    `Replaced ${files(r.replaced.length)} crossmesh wrote there before${list(r.replaced)}`,
    ...(r.removed.length ? [`Removed ${files(r.removed.length)} crossmesh wrote before and no longer writes${list(r.removed)}`] : []),
    `Kept ${files(r.kept.length)} crossmesh did not write${list(r.kept)}`,
    '',
  ].join('\n');
}

/**
 * Writes the export into a temporary sibling folder, then moves it into place: a new or empty folder
 * is renamed as a whole; over an earlier export each file is moved into place, so every file is either
 * the old or the new one, never half-written. Only files an earlier export recorded in its marker are
 * replaced or removed; every other file stays. Refuses, before writing anything, a non-empty folder
 * crossmesh never wrote and a file in the way that crossmesh did not write. `say` gets what was
 * replaced, removed and kept (by default on standard output).
 */
export function writeExport(
  dir: string,
  files: Map<string, string>,
  say: (text: string) => void = (text) => void process.stdout.write(text),
): ExportResult {
  const target = resolve(dir);
  const paths = [...files.keys()].filter((p) => p !== MARKER);
  for (const p of paths)
    if (!isExportPath(p)) throw new ExportError(`cannot write ${JSON.stringify(p)}: not a plain path inside the folder`);
  const parent = dirname(target);
  if (!existsSync(parent)) throw new ExportError(`the folder ${parent} does not exist: create it first or choose another path`);

  const result: ExportResult = { dir: target, count: paths.length + 1, replaced: [], removed: [], kept: [] };
  let earlier: { recorded: Set<string> | null; present: string[] } | undefined;
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new ExportError(`${dir} exists and is not a folder: choose another path`);
    const entries = readdirSync(target);
    if (entries.length) {
      const marker = lstat(join(target, MARKER));
      if (!marker) throw new ExportError(`${dir} is not empty and was not written by crossmesh: choose an empty or new folder`);
      if (!marker.isFile()) throw new ExportError(`${join(dir, MARKER)} is not a file crossmesh wrote: choose an empty or new folder`);
      earlier = { recorded: recordedFiles(join(target, MARKER)), present: filesUnder(target).filter((p) => p !== MARKER) };
    }
  }

  if (earlier) {
    const { recorded } = earlier;
    const ours = (p: string) => (recorded ? recorded.has(p) : files.has(p));
    const blocked: string[] = [];
    for (const p of paths) {
      const parts = p.split('/');
      // a file where this export needs a folder
      for (let i = 1; i < parts.length; i++) {
        const folder = parts.slice(0, i).join('/');
        const st = lstat(join(target, folder));
        if (st && !st.isDirectory()) blocked.push(folder);
      }
      const st = lstat(join(target, p));
      if (st && (st.isDirectory() || !ours(p))) blocked.push(p);
    }
    if (blocked.length) {
      const names = [...new Set(blocked)];
      throw new ExportError(
        `${dir} already has ${names.join(', ')}, which crossmesh did not write there: move ${names.length === 1 ? 'it' : 'them'} away or choose another folder. Nothing was written.`,
      );
    }
    const present = new Set(earlier.present);
    result.replaced = paths.filter((p) => present.has(p));
    result.removed = recorded ? [...recorded].filter((p) => !files.has(p) && lstat(join(target, p))?.isFile()).sort() : [];
    result.kept = earlier.present.filter((p) => !files.has(p) && !result.removed.includes(p)).sort();
  }

  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const p of paths) {
      mkdirSync(dirname(join(tmp, p)), { recursive: true });
      writeFileSync(join(tmp, p), files.get(p)!, { mode: p.endsWith('.sh') ? 0o755 : 0o644 });
    }
    writeFileSync(join(tmp, MARKER), markerText(paths));
    if (!earlier) {
      // a new or empty folder: one rename puts the whole export in place
      if (existsSync(target)) rmdirSync(target);
      renameSync(tmp, target);
    } else {
      // first a marker that lists the files of both exports, so that a run cut short anywhere below
      // leaves only files the marker claims, and the next export can replace them
      const union = join(tmp, `${MARKER}.both`);
      writeFileSync(union, markerText(new Set([...(earlier.recorded ?? []), ...paths])));
      renameSync(union, join(target, MARKER));
      for (const p of paths) {
        mkdirSync(dirname(join(target, p)), { recursive: true });
        renameSync(join(tmp, p), join(target, p));
      }
      for (const p of result.removed) {
        unlinkSync(join(target, p));
        // folders the earlier export made and that are empty now
        for (let d = dirname(p); d !== '.'; d = dirname(d)) {
          if (readdirSync(join(target, d)).length) break;
          rmdirSync(join(target, d));
        }
      }
      renameSync(join(tmp, MARKER), join(target, MARKER));
      rmSync(tmp, { recursive: true, force: true });
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new ExportError(`could not write ${dir}: ${errorMessage(err)}`);
  }
  const text = describeExport(result);
  if (text) say(text);
  return result;
}
