import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig, ClusterKey } from '../config/types.js';
import { zoneByRole, zoneRole, gatewayMeshes, meshSettingPath } from '../config/model.js';
import type { CheckResult } from '../model/types.js';
import { hintFor } from '../adapter/hints.js';
import { at, records, str, stringMap } from '../adapter/json.js';
import { readZoneHealth, zoneHealthChecks } from './zone-health.js';
import { clusterName } from '../config/labels.js';
import { kongChecks } from './kong-prerequisites.js';

/** The built-in gateway's types: needed only when a mesh uses it, and gone in Kuma 3.0. */
export const BUILTIN_GATEWAY_CRDS = ['meshgatewayinstances.kuma.io', 'meshgateways.kuma.io'];
const POLICY_CRDS = ['meshhttproutes.kuma.io', 'meshexternalservices.kuma.io', 'meshtrafficpermissions.kuma.io'];
const SYSTEM_NAMESPACES = ['kong-mesh-system', 'kuma-system'];

export interface ZoneFacts {
  cluster: ClusterKey;
  context: string;
  reachable: boolean;
  /** UID of kube-system: tells one cluster from another */
  fingerprint?: string;
  product?: string;
  version?: string;
  zone?: string;
  mode?: string;
  systemNamespace?: string;
}

export interface PrerequisiteReport {
  checks: CheckResult[];
  zones: Partial<Record<ClusterKey, ZoneFacts>>;
  systemNamespace?: string;
  ok: boolean;
}

/** Quick reachability probe of one kube context (a few seconds at most). */
export async function probeContext(
  tools: Tools,
  context: string,
): Promise<{ reachable: boolean; fingerprint?: string; error?: string; notFound?: boolean }> {
  const r = await tools.kubectl(context, ['get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}', '--request-timeout=4s'], {
    timeoutMs: 6_000,
  });
  if (r.exitCode === 0 && r.stdout.trim()) return { reachable: true, fingerprint: r.stdout.trim() };
  return { reachable: false, error: r.stderr.trim() || `kubectl exited with ${r.exitCode}`, notFound: r.notFound };
}

export function majorVersion(version: string | undefined): number | undefined {
  const m = version?.match(/(\d+)\./);
  return m ? Number(m[1]) : undefined;
}

async function detectControlPlane(tools: Tools, context: string, namespaces: string[]): Promise<Partial<ZoneFacts> | undefined> {
  for (const ns of namespaces) {
    const r = await tools.kubectl(context, ['get', 'deployments', '-n', ns, '-o', 'json', '--request-timeout=10s'], { timeoutMs: 15_000 });
    if (r.exitCode !== 0) continue;
    const parsed: unknown = JSON.parse(r.stdout || '{}');
    const cp = records(at(parsed, 'items')).find((d) => String(at(d, 'metadata', 'name')).endsWith('-control-plane'));
    if (!cp) continue;
    const labels = stringMap(at(cp, 'metadata', 'labels'));
    const env = new Map<string, string>();
    for (const c of records(at(cp, 'spec', 'template', 'spec', 'containers')))
      for (const e of records(c.env)) {
        const key = str(e.name);
        const value = str(e.value);
        if (key !== undefined && value !== undefined) env.set(key, value);
      }
    const name = String(at(cp, 'metadata', 'name'));
    return {
      product: name.startsWith('kong-mesh') ? 'Kong Mesh' : 'Kuma',
      ...(labels['app.kubernetes.io/version'] ? { version: labels['app.kubernetes.io/version'] } : {}),
      ...(env.get('KUMA_MULTIZONE_ZONE_NAME') ? { zone: env.get('KUMA_MULTIZONE_ZONE_NAME')! } : {}),
      ...(env.get('KUMA_MODE') ? { mode: env.get('KUMA_MODE')! } : {}),
      systemNamespace: env.get('KUMA_STORE_KUBERNETES_SYSTEM_NAMESPACE') ?? ns,
    };
  }
  return undefined;
}

/** The mode (zone, global, standalone) of the Kuma control plane a context runs, if it runs one. */
export async function controlPlaneMode(tools: Tools, context: string, systemNamespace?: string): Promise<string | undefined> {
  return (await detectControlPlane(tools, context, systemNamespace ? [systemNamespace] : SYSTEM_NAMESPACES))?.mode;
}

async function checkZone(tools: Tools, config: CrossmeshConfig, cluster: ClusterKey): Promise<{ facts: ZoneFacts; checks: CheckResult[] }> {
  const context = zoneByRole(config, cluster)!.context;
  const label = clusterName(cluster, context);
  const checks: CheckResult[] = [];
  const probe = await probeContext(tools, context);
  const facts: ZoneFacts = {
    cluster,
    context,
    reachable: probe.reachable,
    ...(probe.fingerprint ? { fingerprint: probe.fingerprint } : {}),
  };
  if (!probe.reachable) {
    checks.push({
      status: 'fail',
      label: `${label} reachable`,
      detail: probe.error ?? '',
      hint: hintFor(
        { tool: 'kubectl', stderr: probe.error ?? '', stdout: '', notFound: probe.notFound ?? false, timedOut: false },
        context,
      ),
    });
    return { facts, checks };
  }
  checks.push({ status: 'ok', label: `${label} reachable` });
  const cp = await detectControlPlane(tools, context, config.systemNamespace ? [config.systemNamespace] : SYSTEM_NAMESPACES);
  if (!cp) {
    checks.push({
      status: 'fail',
      label: `${label}: Kuma or Kong Mesh installed`,
      detail: `no *-control-plane Deployment in ${(config.systemNamespace ? [config.systemNamespace] : SYSTEM_NAMESPACES).join(' or ')}`,
      hint: 'Install Kong Mesh or Kuma on this cluster as a zone control plane (or set systemNamespace in crossmesh.yaml if it lives elsewhere).',
    });
  } else {
    Object.assign(facts, cp);
    checks.push({ status: 'ok', label: `${label}: ${cp.product} ${cp.version ?? '(version unknown)'} in ${cp.systemNamespace}` });
    if (cp.mode && cp.mode !== 'zone')
      checks.push({
        status: 'warn',
        label: `${label}: control plane mode is ${cp.mode}`,
        hint: 'This guide needs a zone control plane connected to a global one (KUMA_MODE=zone).',
      });
    const configured = zoneByRole(config, cluster)!.zone;
    if (cp.zone && cp.zone !== configured)
      checks.push({
        status: 'warn',
        label: `${label}: zone name is ${cp.zone}, crossmesh.yaml says ${configured}`,
        hint: `Using the detected name ${cp.zone} for routes and checks.`,
      });
    else if (cp.zone) checks.push({ status: 'ok', label: `${label}: zone name ${cp.zone}` });
    const major = majorVersion(cp.version);
    if (major !== undefined && major >= 3) checks.push(...kuma3Checks(config, label, `${cp.product} ${cp.version}`));
  }
  // only the home zones of called meshes run gateways
  const here = gatewayMeshes(config).filter((m) => zoneRole(config, m.home) === cluster);
  const builtin = here.filter((m) => m.gateway.kind === 'builtin');
  const kong = here.filter((m) => m.gateway.kind === 'kong');
  const wanted = [...(builtin.length ? BUILTIN_GATEWAY_CRDS : []), ...POLICY_CRDS];
  // Kong Operator must be installed where a Kong Gateway runs
  const [crds, kongResults] = await Promise.all([
    tools.kubectl(context, ['get', 'crd', ...wanted, '-o', 'name', '--ignore-not-found', '--request-timeout=10s'], { timeoutMs: 15_000 }),
    kong.length ? kongChecks(tools, context, label) : Promise.resolve([]),
  ]);
  const present = new Set(
    crds.stdout
      .split('\n')
      .map((l) => l.trim().replace(/^customresourcedefinition\.apiextensions\.k8s\.io\//, ''))
      .filter(Boolean),
  );
  const missing = wanted.filter((c) => !present.has(c));
  checks.push(
    missing.length
      ? {
          status: 'fail',
          label: `${label}: Kuma resource types`,
          detail: `missing: ${missing.join(', ')}`,
          hint: missing.includes('meshgatewayinstances.kuma.io')
            ? 'The built-in gateway types are missing: Kuma 3.0 removed them; use a 2.x control plane or a delegated gateway.'
            : 'Install the Kuma or Kong Mesh CRDs on this cluster.',
        }
      : { status: 'ok', label: `${label}: ${builtin.length ? 'built-in gateway and policy types' : 'policy types'} present` },
  );
  checks.push(...kongResults);
  return { facts, checks };
}

/**
 * Kuma 3.x: the built-in gateway is gone, so a mesh that uses it cannot be set up; Kong Gateway still
 * works. Two other changes touch objects of this guide; crossmesh does not write their 3.x forms yet.
 */
export function kuma3Checks(config: CrossmeshConfig, label: string, product: string): CheckResult[] {
  const checks: CheckResult[] = [];
  for (const [i, mesh] of config.meshes.entries())
    if (mesh.gateway.kind === 'builtin')
      checks.push({
        status: 'fail',
        label: `${label}: ${product} has no built-in gateway for ${mesh.name}`,
        hint: `Kuma 3.0 removed MeshGateway and MeshGatewayInstance. Set ${meshSettingPath(config, i)}.gateway.kind: kong in crossmesh.yaml to use Kong Gateway (managed by Kong Operator) instead.`,
      });
  checks.push(
    {
      status: 'warn',
      label: `${label}: ${product}: mTLS through MeshIdentity is not supported by crossmesh yet`,
      hint: 'crossmesh turns mTLS on in the Mesh object (spec.mtls), the 2.x way; on 3.x the Mesh may be refused or the setting ignored.',
    },
    {
      status: 'warn',
      label: `${label}: ${product}: MeshTrafficPermission "rules" are not supported by crossmesh yet`,
      hint: 'crossmesh writes permissions with "from", which 3.x replaces with "rules"; expect the permissions step to be refused there.',
    },
  );
  return checks;
}

async function checkTools(tools: Tools, config: CrossmeshConfig): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  const kubectl = await tools.kubectl(undefined, ['version', '--client', '-o', 'json'], { timeoutMs: 10_000 });
  if (kubectl.exitCode !== 0)
    checks.push({ status: 'fail', label: 'kubectl found', detail: kubectl.stderr.trim(), hint: hintFor(kubectl) });
  else {
    const parsed: unknown = JSON.parse(kubectl.stdout);
    checks.push({ status: 'ok', label: `kubectl ${str(at(parsed, 'clientVersion', 'gitVersion')) ?? ''}`.trim() });
  }
  if (config.global.tool === 'kumactl') {
    // first the binary alone (no configuration read or written), then the chosen control plane
    const binary = await tools.kumactl(undefined, ['version', '--no-config'], { timeoutMs: 15_000 });
    if (binary.notFound) {
      checks.push({ status: 'fail', label: 'kumactl found', detail: binary.stderr.trim(), hint: hintFor(binary) });
      return checks;
    }
    const kumactl = await tools.kumactl(config.global.controlPlane, ['version'], { timeoutMs: 15_000 });
    // kumactl version exits 0 even when the control plane is unreachable: read what it printed
    const client = kumactl.stdout.match(/Client:\s*(.+)/)?.[1]?.trim();
    const server = kumactl.stdout.match(/Server:\s*(.+)/)?.[1]?.trim();
    if (kumactl.notFound || (!client && kumactl.exitCode !== 0))
      checks.push({ status: 'fail', label: 'kumactl found', detail: kumactl.stderr.trim(), hint: hintFor(kumactl) });
    else {
      checks.push({ status: 'ok', label: `kumactl (${client ?? 'version unknown'})` });
      checks.push(
        server
          ? { status: 'ok', label: `global control plane "${config.global.controlPlane}": ${server}` }
          : {
              status: 'fail',
              label: `global control plane "${config.global.controlPlane}" reachable`,
              detail: kumactl.stderr.trim(),
              hint: hintFor({ ...kumactl, stderr: kumactl.stderr || 'connection refused' }, config.global.controlPlane),
            },
      );
    }
  } else {
    const r = await tools.kubectl(config.global.context, ['get', 'crd', 'meshes.kuma.io', '-o', 'name', '--request-timeout=5s'], {
      timeoutMs: 8_000,
    });
    checks.push(
      r.exitCode === 0
        ? { status: 'ok', label: `global control plane (context ${config.global.context}) reachable with the Mesh type` }
        : {
            status: 'fail',
            label: `global control plane (context ${config.global.context})`,
            detail: r.stderr.trim(),
            hint: hintFor(r, config.global.context),
          },
    );
  }
  return checks;
}

export async function runPrerequisites(tools: Tools, config: CrossmeshConfig): Promise<PrerequisiteReport> {
  const [toolChecks, health, ...zones] = await Promise.all([
    checkTools(tools, config),
    readZoneHealth(tools, config),
    ...config.zones.map((z) => checkZone(tools, config, zoneRole(config, z.name))),
  ]);
  const checks = [...toolChecks, ...zones.flatMap((z) => z.checks)];
  // an offline zone never receives the Meshes, so every zone step would stall: say which one now
  const globalAnswered = toolChecks.every((c) => c.status !== 'fail');
  if (globalAnswered && zones.every((z) => z.facts.reachable))
    checks.push(
      ...zoneHealthChecks(
        health,
        zones.map((z) => ({
          cluster: z.facts.cluster,
          context: z.facts.context,
          zone: z.facts.zone ?? zoneByRole(config, z.facts.cluster)!.zone,
        })),
      ),
    );
  const found = zones.map((z) => z.facts.systemNamespace).filter((ns): ns is string => Boolean(ns));
  const systemNamespace = config.systemNamespace ?? found[0];
  if (new Set(found).size > 1)
    checks.push({
      status: 'warn',
      label: `the zones use different system namespaces (${found.join(', ')})`,
      hint: `Using ${systemNamespace}; set systemNamespace in crossmesh.yaml to choose.`,
    });
  const report: PrerequisiteReport = {
    checks,
    zones: Object.fromEntries(zones.map((z) => [z.facts.cluster, z.facts])),
    ok: checks.every((c) => c.status !== 'fail'),
  };
  if (systemNamespace) report.systemNamespace = systemNamespace;
  return report;
}
