// Kuma's gateway-instance controller (zones), without the Deployment.
//
// kuma-notes "The gateway-instance controller": "creates, per MeshGatewayInstance, ... a Service of
// the same name and namespace: type LoadBalancer, one port per MeshGateway listener (named after the
// port number, e.g. "8080"), selector `app: <name>`, annotation `kuma.io/gateway: builtin`, owned by
// the instance. It follows listener changes (port 8081 -> Service port 8081)."
// kuma-notes "Defects in the guide" 1: "The Service exists only after a matching MeshGateway exists
// (until then the instance is `Ready=False`, reason `NoGatewayMatched`)", and "The instance's status
// stays `Ready=False`, reason `LoadBalancerAddressNotReady`, until a load balancer assigns an
// address". The Service's status is never written here: tests play the cloud load balancer.
import { isObj, stableStringify, type Json, type KubeObject, type OwnerReference } from './json.js';
import { isNotFound, paths, type KubeClient } from './kube-client.js';
import { errText, log, logThrottled } from './log.js';

export interface GatewayZone {
  zone: string;
  client: KubeClient;
}

interface ServicePort {
  name: string;
  port: number;
  targetPort: number;
  protocol: 'TCP';
}

/** The pods' tag the MeshGateway selects ("Gateway facts": `kuma.io/service: <name>_<namespace>_svc`). */
const serviceTag = (name: string, namespace: string) => `${name}_${namespace}_svc`;

function selectsInstance(gw: KubeObject, tag: string): boolean {
  const selectors = gw.spec?.['selectors'];
  return Array.isArray(selectors) && selectors.some((s) => isObj(s) && isObj(s['match']) && s['match']['kuma.io/service'] === tag);
}

function listenerPorts(gw: KubeObject): ServicePort[] {
  const conf = gw.spec?.['conf'];
  const listeners = isObj(conf) && Array.isArray(conf['listeners']) ? conf['listeners'] : [];
  const ports = [
    ...new Set(
      listeners
        .filter(isObj)
        .map((l) => l['port'])
        .filter((p): p is number => typeof p === 'number' && p > 0),
    ),
  ];
  return ports.map((port) => ({ name: String(port), port, targetPort: port, protocol: 'TCP' }));
}

function instanceRef(inst: KubeObject): OwnerReference {
  return {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGatewayInstance',
    name: inst.metadata?.name ?? '',
    uid: inst.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

interface Desired {
  type: string;
  ports: ServicePort[];
  selector: Record<string, string>;
  owner: OwnerReference;
}

function desiredService(inst: KubeObject, gw: KubeObject): Desired {
  const type = inst.spec?.['serviceType'];
  return {
    type: typeof type === 'string' && type ? type : 'LoadBalancer',
    ports: listenerPorts(gw),
    selector: { app: inst.metadata?.name ?? '' },
    owner: instanceRef(inst),
  };
}

/** The parts of a Service this controller decides, for comparison. */
function ownedParts(svc: KubeObject): string {
  const spec = svc.spec ?? {};
  const ports = Array.isArray(spec['ports'])
    ? spec['ports'].filter(isObj).map((p) => ({ name: p['name'], port: p['port'], targetPort: p['targetPort'], protocol: p['protocol'] }))
    : [];
  const owner = (svc.metadata?.ownerReferences ?? []).find((r) => r.kind === 'MeshGatewayInstance');
  return stableStringify({
    type: spec['type'],
    ports,
    selector: spec['selector'],
    gateway: svc.metadata?.annotations?.['kuma.io/gateway'],
    owner: owner?.uid,
  });
}

const wantedParts = (d: Desired) =>
  stableStringify({ type: d.type, ports: d.ports, selector: d.selector, gateway: 'builtin', owner: d.owner.uid });

export class GatewayController {
  /** Services this controller made: "<zone>/<namespace>/<name>" -> owning instance uid */
  private readonly managed = new Map<string, string>();

  constructor(private readonly zones: GatewayZone[]) {}

  async tick(): Promise<void> {
    for (const z of this.zones) {
      try {
        await this.reconcileZone(z);
      } catch (e) {
        logThrottled(`gw-${z.zone}`, `gateway controller: ${z.zone}: ${errText(e)} (will retry)`);
      }
    }
  }

  private async reconcileZone(z: GatewayZone): Promise<void> {
    const instances = await z.client.list(paths.kuma('meshgatewayinstances'));
    const gateways = instances.length ? await z.client.list(paths.kuma('meshgateways')) : [];
    const live = new Set<string>();
    for (const inst of instances) {
      const name = inst.metadata?.name ?? '';
      const namespace = inst.metadata?.namespace ?? '';
      const key = `${z.zone}/${namespace}/${name}`;
      try {
        const gw = gateways.find((g) => selectsInstance(g, serviceTag(name, namespace)));
        const desired = gw ? desiredService(inst, gw) : undefined;
        // a MeshGateway without listeners gives no ports, and a Service needs at least one
        const svc = desired?.ports.length ? await this.ensureService(z, namespace, name, desired) : undefined;
        if (svc) live.add(key);
        await this.updateStatus(z, inst, svc);
      } catch (e) {
        logThrottled(`gw-${key}`, `gateway controller: ${key}: ${errText(e)} (will retry)`);
        live.add(key); // keep its Service until the error is gone
      }
    }
    // the instance or its MeshGateway is gone: Kubernetes' garbage collector would remove the Service, but the sandbox runs none
    for (const [key, uid] of this.managed) {
      if (!key.startsWith(`${z.zone}/`) || live.has(key)) continue;
      const [, namespace = '', name = ''] = key.split('/');
      const svc = await z.client.getOrNull(paths.service(namespace, name));
      if (svc && (svc.metadata?.ownerReferences ?? []).some((r) => r.uid === uid)) {
        await z.client.remove(paths.service(namespace, name));
        log(`gateway controller: deleted Service ${namespace}/${name} in ${z.zone}`);
      }
      this.managed.delete(key);
    }
  }

  private async ensureService(z: GatewayZone, namespace: string, name: string, d: Desired): Promise<KubeObject> {
    const path = paths.service(namespace, name);
    const key = `${z.zone}/${namespace}/${name}`;
    const current = await z.client.getOrNull(path);
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace, annotations: { 'kuma.io/gateway': 'builtin' }, ownerReferences: [d.owner] },
      spec: { type: d.type, ports: d.ports, selector: d.selector },
    };
    this.managed.set(key, d.owner.uid);
    if (!current) {
      const made = await z.client.create(paths.service(namespace), body);
      log(`gateway controller: created Service ${namespace}/${name} in ${z.zone} (ports ${d.ports.map((p) => p.port).join(',')})`);
      return made;
    }
    if (ownedParts(current) === wantedParts(d)) return current;
    const otherOwner = (current.metadata?.ownerReferences ?? []).find((r) => r.kind !== 'MeshGatewayInstance' || r.name !== name);
    if (otherOwner) throw new Error(`Service ${namespace}/${name} is owned by ${otherOwner.kind} ${otherOwner.name}; not touching it`);
    const ownerReferences = [...(current.metadata?.ownerReferences ?? []).filter((r) => r.kind !== 'MeshGatewayInstance'), d.owner];
    const annotations = { ...(current.metadata?.annotations ?? {}), 'kuma.io/gateway': 'builtin' };
    try {
      // merge patch of metadata and spec only: the status (the load balancer's address) stays
      const patched = await z.client.mergePatch(path, {
        metadata: { annotations, ownerReferences },
        spec: { type: d.type, ports: d.ports, selector: d.selector },
      });
      log(`gateway controller: updated Service ${namespace}/${name} in ${z.zone} (ports ${d.ports.map((p) => p.port).join(',')})`);
      return patched;
    } catch (e) {
      if (isNotFound(e)) throw e;
      // e.g. a type change the API server will not patch in place: make it again
      log(`gateway controller: re-creating Service ${namespace}/${name} in ${z.zone}: ${errText(e)}`);
      await z.client.remove(path);
      return z.client.create(paths.service(namespace), body);
    }
  }

  /** Ready=False with NoGatewayMatched / LoadBalancerAddressNotReady; the load balancer's address is copied. */
  private async updateStatus(z: GatewayZone, inst: KubeObject, svc: KubeObject | undefined): Promise<void> {
    const lb = isObj(svc?.status?.['loadBalancer']) ? svc.status['loadBalancer'] : undefined;
    const ingress = Array.isArray(lb?.['ingress']) ? lb['ingress'] : [];
    const isLb = svc?.spec?.['type'] === 'LoadBalancer';
    // Ready=True once an address exists is an assumption of the stand-in (not observed; a real zone also waits for the pods)
    const [status, reason, message] = !svc
      ? ['False', 'NoGatewayMatched', 'no MeshGateway selects this instance']
      : isLb && ingress.length === 0
        ? ['False', 'LoadBalancerAddressNotReady', 'the load balancer has not assigned an address yet']
        : ['True', 'Ready', 'the gateway Service is ready'];
    const old = Array.isArray(inst.status?.['conditions'])
      ? (inst.status['conditions'] as Json[]).find((c) => c['type'] === 'Ready')
      : undefined;
    const oldLb = inst.status?.['loadBalancer'];
    const newLb = ingress.length ? { ingress } : undefined;
    if (old?.['status'] === status && old['reason'] === reason && stableStringify(oldLb ?? null) === stableStringify(newLb ?? null)) return;
    const condition = {
      type: 'Ready',
      status,
      reason,
      message,
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      observedGeneration: inst.metadata?.['generation'] ?? 0,
    };
    const name = inst.metadata?.name ?? '';
    const namespace = inst.metadata?.namespace ?? '';
    await z.client.mergePatch(`${paths.kuma('meshgatewayinstances', name, namespace)}/status`, {
      status: { conditions: [condition], loadBalancer: newLb ?? null },
    });
  }
}
