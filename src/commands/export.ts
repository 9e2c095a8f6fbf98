import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, mkdtempSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { buildPlan, manifestYaml, planContext, describeTarget, applyArgs, type PlannedStep } from '../engine/plan.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import type { Tools } from '../adapter/tools.js';
import { shellQuote } from '../adapter/tools.js';
import type { Manifest } from '../engine/types.js';
import { kindOf, nameOf } from '../engine/types.js';
import { crossMeshUrl } from '../verify.js';
import { meshPlacements } from '../live/mesh-sync.js';
import { durationMs } from '../config/validate.js';

const MARKER = '.crossmesh-export';

export class ExportError extends Error {}

const pad = (n: number) => String(n).padStart(2, '0');
const fileName = (i: number, m: Manifest) => `${pad(i + 1)}-${m.target.role}-${kindOf(m.object).toLowerCase()}-${nameOf(m.object)}.yaml`;
const stepDir = (i: number, p: PlannedStep) => `${pad(i + 1)}-${p.step.id}`;

/** What to look at after a step, as commands a learner can run. */
export function checkCommands(config: CrossmeshConfig, tools: Tools, p: PlannedStep): string[] {
  if (p.step.id === 'prerequisites') {
    return [
      tools.commandLine('kubectl', config.clusters.cluster1.context, ['get', 'deployments', '-A', '-l', 'app.kubernetes.io/name']),
      tools.commandLine('kubectl', config.clusters.cluster2.context, ['get', 'crd', 'meshgatewayinstances.kuma.io']),
      tools.commandLine('kumactl', undefined, ['version']),
    ];
  }
  if (p.step.id === 'verify') {
    return (['mesh2', 'mesh1'] as const).map((mesh) =>
      tools.commandLine('kubectl', config.clusters.cluster2.context, ['exec', '-n', config.meshes[mesh].cluster2Namespace, 'deploy/client', '--', 'curl', '-sS', crossMeshUrl(config, mesh)]),
    );
  }
  return p.manifests.map((m) => {
    if (m.target.tool === 'kumactl') return tools.commandLine('kumactl', undefined, ['get', 'mesh', nameOf(m.object), '-o', 'yaml']);
    const ns = m.target.namespace ? ['-n', m.target.namespace] : [];
    return tools.commandLine('kubectl', m.target.context, ['get', kindOf(m.object).toLowerCase(), nameOf(m.object), ...ns]);
  });
}

function stepReadme(config: CrossmeshConfig, tools: Tools, p: PlannedStep, index: number, total: number): string {
  const e = p.step.explanation;
  const lines = [
    `# Step ${index + 1} of ${total}: ${p.step.title}`,
    '',
    e.summary,
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
  if (p.step.fixes.length) {
    lines.push('## Where crossmesh differs from the guide', '');
    for (const f of p.step.fixes) lines.push(`- **${f.title}.** The guide: ${f.guide} crossmesh: ${f.crossmesh}`);
    lines.push('');
  }
  if (p.manifests.length) {
    lines.push('## Manifests', '');
    p.manifests.forEach((m, i) => {
      lines.push(`### ${fileName(i, m)}`, '', `${m.purpose}. Goes to ${describeTarget(m.target)}.`, '', '```sh', `${tools.commandForTarget(m.target, applyArgs())} < ${fileName(i, m)}`, '```', '');
      if (m.needs) lines.push(`The address \`${m.needs.placeholder}\` is a stand-in: apply.sh replaces it with the LoadBalancer address of ${config.meshes[m.needs.mesh].name}'s gateway.`, '');
      lines.push('```yaml', manifestYaml(m).trimEnd(), '```', '');
    });
  }
  lines.push('## What to check', '', '```sh', ...checkCommands(config, tools, p), '```', '');
  return lines.join('\n');
}

function applyScript(config: CrossmeshConfig, tools: Tools, plan: PlannedStep[]): string {
  const c1 = config.clusters.cluster1.context;
  const lines = [
    '#!/usr/bin/env bash',
    '# Written by crossmesh export. Applies every manifest in order; every kubectl command names its --context.',
    '# Set GATEWAY_ADDRESS_MESH1 / GATEWAY_ADDRESS_MESH2 to skip waiting for the LoadBalancer addresses.',
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
    'gateway_address() { # context namespace service given-address',
    '  if [ -n "$4" ]; then echo "$4"; return; fi',
    '  local addr',
    '  for _ in $(seq 1 90); do',
    `    addr=$(${['kubectl', ...tools.selectorArgs('kubectl', undefined).map(shellQuote), '--context', '"$1"', 'get', 'service', '"$3"', '-n', '"$2"', '-o', shellQuote('jsonpath={.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}')].join(' ')} 2>/dev/null || true)`,
    '    if [ -n "$addr" ]; then echo "$addr"; return; fi',
    '    sleep 2',
    '  done',
    '  echo "no LoadBalancer address for $2/$3 on $1 after 3 minutes: set the GATEWAY_ADDRESS_ variable and run again" >&2',
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
  const everywhere = meshPlacements(config, plan.flatMap((p) => p.manifests));
  const resolved = new Set<MeshKey>();
  plan.forEach((p, si) => {
    if (!p.manifests.length) return;
    lines.push(`echo '== step ${si + 1}: ${p.step.title}'`);
    p.manifests.forEach((m, mi) => {
      const file = `${stepDir(si, p)}/${fileName(mi, m)}`;
      const cmd = tools.commandForTarget(m.target, applyArgs());
      if (m.needs) {
        const mesh = m.needs.mesh;
        const v = `${mesh.toUpperCase()}_GATEWAY`;
        if (!resolved.has(mesh)) {
          const gw = config.meshes[mesh];
          lines.push(`${v}=$(gateway_address ${shellQuote(c1)} ${shellQuote(gw.cluster1Namespace)} ${shellQuote(gw.gateway.name)} "\${GATEWAY_ADDRESS_${mesh.toUpperCase()}:-}")`);
          resolved.add(mesh);
        }
        // bash's own substitution, with the address quoted so that no character in it is special
        lines.push(`manifest=$(<${shellQuote(file)}); printf '%s\\n' "\${manifest//${m.needs.placeholder}/\"\$${v}\"}" | ${cmd}`);
      } else {
        lines.push(`${cmd} < ${shellQuote(file)}`);
      }
    });
    const meshes = new Set(p.manifests.filter((m) => kindOf(m.object) === 'Mesh').map((m) => nameOf(m.object)));
    for (const placement of everywhere.filter((x) => meshes.has(x.mesh))) lines.push(`wait_for_mesh ${shellQuote(placement.context)} ${shellQuote(placement.mesh)}`);
    lines.push('');
  });
  lines.push("echo 'All manifests applied. Check the result with the commands in each step README.'", '');
  return lines.join('\n');
}

function overview(config: CrossmeshConfig, plan: PlannedStep[]): string {
  return [
    '# crossmesh export',
    '',
    `Two meshes (${config.meshes.mesh1.name}, ${config.meshes.mesh2.name}) across two clusters (contexts ${config.clusters.cluster1.context} and ${config.clusters.cluster2.context}), connected through one built-in gateway per mesh.`,
    '',
    'Run `./apply.sh` to apply everything in order, or follow the steps one by one:',
    '',
    ...plan.map((p, i) => `${i + 1}. [${p.step.title}](${stepDir(i, p)}/README.md): ${p.step.explanation.summary}`),
    '',
  ].join('\n');
}

/** Files of an export, by path relative to the export folder. */
export function exportFiles(config: CrossmeshConfig, tools: Tools, gatewayAddresses: Partial<Record<MeshKey, string>> = {}): Map<string, string> {
  const plan = buildPlan(planContext(config, { gatewayAddresses }));
  const files = new Map<string, string>();
  files.set('README.md', overview(config, plan));
  files.set('apply.sh', applyScript(config, tools, plan));
  files.set(MARKER, 'This folder was written by crossmesh export; crossmesh may replace it.\n');
  plan.forEach((p, si) => {
    files.set(`${stepDir(si, p)}/README.md`, stepReadme(config, tools, p, si, plan.length));
    p.manifests.forEach((m, mi) => files.set(`${stepDir(si, p)}/${fileName(mi, m)}`, manifestYaml(m)));
  });
  return files;
}

/**
 * Writes the export into a temporary sibling folder and renames it into place, so an interrupted
 * export never leaves a half-written folder. Refuses to replace a folder it did not write.
 */
export function writeExport(dir: string, files: Map<string, string>): { dir: string; count: number } {
  const target = resolve(dir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new ExportError(`${dir} exists and is not a folder: choose another path`);
    const entries = readdirSync(target);
    if (entries.length && !entries.includes(MARKER)) throw new ExportError(`${dir} is not empty and was not written by crossmesh: choose an empty or new folder`);
  }
  const parent = dirname(target);
  if (!existsSync(parent)) throw new ExportError(`the folder ${parent} does not exist: create it first or choose another path`);
  const tmp = mkdtempSync(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const [rel, text] of files) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      writeFileSync(join(tmp, rel), text, { mode: rel.endsWith('.sh') ? 0o755 : 0o644 });
    }
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw new ExportError(`could not write ${dir}: ${(err as Error).message}`);
  }
  return { dir: target, count: files.size };
}
