// Kong Operator stand-in (every zone: c1, c2, and c3 once a test asks for it): the operator's
// visible effects on Gateway API objects.
//
// STAND-IN, NOT KONG OPERATOR: its Go module is refused by the module proxy, so, as
// ../shared/docs/kong-gateway-notes.md "In the sandbox" asks, this module plays "for a Gateway
// whose class names `konghq.com/gateway-operator`, a LoadBalancer Service in the gateway namespace
// and, after a delay, `Gateway.status.addresses`". The delay is the cloud load balancer, played by
// tests (gateway-sim.ts `assignKongGatewayAddress`). Details (names, labels, condition reasons)
// follow the public repository Kong/kong-operator at tag v2.2.3, one of the notes' sources; each
// behaviour below names the fact and the file it comes from.
//
// Stateless: every pass derives everything from the zone's objects, so a restarted stand-in
// carries on. Runs inside the Kuma stand-in process (kuma-standin.ts), one pass per zone every
// ~500 ms. No DataPlane or ControlPlane objects, no pods, no finalizers (README "Kong Operator").
import { randomInt } from 'node:crypto';
import { isObj, stableStringify, type Json, type KubeObject } from './json.js';
import { KONG_CONTROL, KONG_OPERATOR, KONG_SERVICE_LABELS } from './kong-names.js';
import { isConflict, isNotFound, paths, type KubeClient } from './kube-client.js';
import { errText, log, logThrottled } from './log.js';

export interface KongZone {
  zone: string;
  client: KubeClient;
}

const GW_GROUP = 'gateway.networking.k8s.io';
const gwApi = (plural: string, namespace?: string, name?: string) =>
  `/apis/${GW_GROUP}/v1${namespace ? `/namespaces/${namespace}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`;
const gatewayConfigurationPath = (namespace: string, name: string) =>
  `/apis/gateway-operator.konghq.com/v2beta1/namespaces/${namespace}/gatewayconfigurations/${encodeURIComponent(name)}`;
const operatorDeploymentPath = `/apis/apps/v1/namespaces/${KONG_OPERATOR.namespace}/deployments/${KONG_OPERATOR.deployment}`;
const ingressServicesPath = `/api/v1/services?labelSelector=${encodeURIComponent(
  `${KONG_SERVICE_LABELS.managedBy}=${KONG_SERVICE_LABELS.managedByValue},${KONG_SERVICE_LABELS.serviceType}=${KONG_SERVICE_LABELS.serviceTypeValue}`,
)}`;

// Condition reasons and messages of Kong Operator v2.2.3 (api/gateway-operator/dataplane/conditions.go,
// pkg/utils/kubernetes/status.go, controller/gatewayclass/controller_reconciler_utils.go).
const DEPENDENCIES_NOT_READY = 'There are other conditions that are not yet ready';
const WAITING_TO_BECOME_READY = 'Waiting for the resource to become ready';

/** Route kinds per listener protocol (controller/gateway supportedRoutesByProtocol); TCP and UDP are not supported. */
const ROUTE_KINDS: Record<string, string> = { HTTP: 'HTTPRoute', HTTPS: 'HTTPRoute', TLS: 'TLSRoute' };

/** Kong's proxy ports behind the ingress Service (pkg/consts DataPlaneProxyPort, DataPlaneProxySSLPort). */
const TARGET_PORTS: Record<string, number> = { HTTP: 8000, HTTPS: 8443 };

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObj) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const strMap = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
const generation = (o: KubeObject): number => (typeof o.metadata?.['generation'] === 'number' ? o.metadata['generation'] : 0);

/** A metav1.Condition; lastTransitionTime is kept from `old` while the status stays the same. */
function condition(old: Json[], type: string, status: 'True' | 'False', reason: string, message: string, observedGeneration: number): Json {
  const prev = old.find((c) => c['type'] === type);
  const lastTransitionTime =
    prev && prev['status'] === status && typeof prev['lastTransitionTime'] === 'string' ? prev['lastTransitionTime'] : now();
  return { type, status, reason, message, observedGeneration, lastTransitionTime };
}

/** k8s.io/apimachinery utilrand.String: the operator's GenerateName suffix (pkg/utils/kubernetes GenerateName). */
function randomSuffix(n = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return Array.from({ length: n }, () => alphabet[randomInt(alphabet.length)]).join('');
}

/** pkg/utils/kubernetes TrimGenerateName: at most 62 characters, ending in "-". */
function trimGenerateName(name: string): string {
  const cut = name.length > 63 ? name.slice(0, 62) : name;
  return cut.endsWith('-') ? cut : `${cut}-`;
}

interface ClassInfo {
  /** spec.dataPlaneOptions.network.services.ingress of the GatewayConfiguration the class names, if any */
  ingress: Json | undefined;
}

interface ServicePort {
  name: string;
  protocol: 'TCP';
  port: number;
  targetPort: number;
}

interface DesiredService {
  fixedName: string | undefined;
  type: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  selector: Record<string, string>;
  ports: ServicePort[];
}

/** Listener hostname vs route hostnames (controller/gateway listenerHostnameIntersectsRouteHostnames, simplified). */
function hostnameMatches(pattern: string, host: string): boolean {
  if (pattern === host) return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  if (host.startsWith('*.')) return pattern.endsWith(host.slice(1)) && pattern.length > host.length - 1;
  return false;
}

function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  const matchLabels = strMap(selector['matchLabels']);
  if (!Object.entries(matchLabels).every(([k, v]) => labels[k] === v)) return false;
  return arr(selector['matchExpressions']).every((e) => {
    const key = String(e['key'] ?? '');
    const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
    switch (e['operator']) {
      case 'In':
        return key in labels && values.includes(labels[key]!);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]!);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
      default:
        return false;
    }
  });
}

export class KongOperatorStandin {
  /** zone -> whether the operator's Deployment was there on the last pass (for logging changes only) */
  private readonly installed = new Map<string, boolean>();

  constructor(private readonly zones: KongZone[]) {}

  async tick(): Promise<void> {
    for (const z of this.zones) {
      try {
        await this.pass(z);
      } catch (e) {
        logThrottled(`kong-${z.zone}`, `kong operator: ${z.zone}: ${errText(e)} (will retry)`);
      }
    }
  }

  /** One pass over a zone: reads first, then (if the operator is installed) the writes, then the test barrier's pong. */
  private async pass(z: KongZone): Promise<void> {
    // from the watch cache (resourceVersion=0): a stale read only delays the pong to the next pass
    const control = await z.client.getOrNull(`${paths.configMap(KONG_CONTROL.namespace, KONG_CONTROL.name)}?resourceVersion=0`);
    if (!control) await this.createControl(z);
    const data = strMap(control?.['data']);
    const ping = data[KONG_CONTROL.pingKey];

    const [classes, gateways, services] = await Promise.all([
      z.client.list(gwApi('gatewayclasses')),
      z.client.list(gwApi('gateways')),
      z.client.list(ingressServicesPath),
    ]);
    const routes = gateways.length ? await z.client.list(gwApi('httproutes')) : [];

    // kong-gateway-notes "Prerequisites to detect": Kong Operator installed = its CRDs and the
    // operator's Deployment. Without the Deployment nothing reconciles Gateway API objects. Checked
    // after the reads (a consistent read): an object a test makes after removing the Deployment is
    // never acted on. Skipped while there is nothing of the operator's to reconcile (idle cost).
    const work = services.length > 0 || classes.some((c) => c.spec?.['controllerName'] === KONG_OPERATOR.controllerName);
    const installed = work ? (await z.client.getOrNull(operatorDeploymentPath)) !== null : (this.installed.get(z.zone) ?? true);
    if (work && this.installed.get(z.zone) !== installed) {
      log(
        `kong operator: ${z.zone}: Deployment ${KONG_OPERATOR.namespace}/${KONG_OPERATOR.deployment} ${installed ? 'present: reconciling' : 'absent: not reconciling'}`,
      );
      this.installed.set(z.zone, installed);
    }
    if (work && installed) {
      const accepted = await this.reconcileClasses(z, classes);
      await this.reconcileGateways(z, gateways, accepted, services, routes);
    }

    if (ping !== undefined && data[KONG_CONTROL.pongKey] !== ping) {
      await z.client.mergePatch(paths.configMap(KONG_CONTROL.namespace, KONG_CONTROL.name), { data: { [KONG_CONTROL.pongKey]: ping } });
    }
  }

  /** The test barrier's ConfigMap (kong-names.ts KONG_CONTROL), made empty at the first pass so tests only patch it. */
  private async createControl(z: KongZone): Promise<void> {
    try {
      await z.client.create(paths.configMap(KONG_CONTROL.namespace), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: KONG_CONTROL.name,
          namespace: KONG_CONTROL.namespace,
          labels: { 'app.kubernetes.io/managed-by': 'crossmesh-kuma-standin' },
        },
        data: {},
      });
      log(`kong operator: ${z.zone}: created ConfigMap ${KONG_CONTROL.namespace}/${KONG_CONTROL.name} (test barrier)`);
    } catch (e) {
      if (!isConflict(e)) throw e;
    }
  }

  /**
   * GatewayClasses with `spec.controllerName: konghq.com/gateway-operator` (kong-gateway-notes "The
   * objects": the class names the operator and its GatewayConfiguration in parametersRef) get
   * condition Accepted: True/Accepted "GatewayClass is accepted", or False/InvalidParameters when
   * parametersRef is not a namespaced gateway-operator.konghq.com GatewayConfiguration or names one
   * that does not exist (controller/gatewayclass getAcceptedCondition). Returns the accepted classes.
   */
  private async reconcileClasses(z: KongZone, classes: KubeObject[]): Promise<Map<string, ClassInfo>> {
    const accepted = new Map<string, ClassInfo>();
    for (const cls of classes) {
      if (cls.spec?.['controllerName'] !== KONG_OPERATOR.controllerName) continue; // other controllers' classes: left alone
      const name = cls.metadata?.name ?? '';
      const ref = isObj(cls.spec['parametersRef']) ? cls.spec['parametersRef'] : undefined;
      const messages: string[] = [];
      let config: KubeObject | null = null;
      if (ref) {
        let valid = true;
        if (ref['group'] !== 'gateway-operator.konghq.com' || ref['kind'] !== 'GatewayConfiguration') {
          messages.push('ParametersRef must reference a gateway-operator.konghq.com/GatewayConfiguration');
          valid = false;
        }
        if (!str(ref['namespace'])) {
          messages.push('ParametersRef must reference a namespaced resource');
          valid = false;
        }
        if (valid) {
          config = await z.client.getOrNull(gatewayConfigurationPath(String(ref['namespace']), String(ref['name'] ?? '')));
          if (!config) messages.push('The referenced GatewayConfiguration does not exist');
        }
      }
      const ok = messages.length === 0;
      const old = arr(cls.status?.['conditions']);
      const cond = ok
        ? condition(old, 'Accepted', 'True', 'Accepted', 'GatewayClass is accepted', generation(cls))
        : condition(old, 'Accepted', 'False', 'InvalidParameters', messages.join('. '), generation(cls));
      const conditions = [...old.filter((c) => c['type'] !== 'Accepted'), cond];
      if (stableStringify(conditions) !== stableStringify(old)) {
        await z.client.mergePatch(`${gwApi('gatewayclasses', undefined, name)}/status`, { status: { conditions } });
        log(`kong operator: ${z.zone}: GatewayClass ${name} Accepted=${cond['status']}${ok ? '' : ` (${cond['message']})`}`);
      }
      if (ok) {
        const dp = isObj(config?.spec?.['dataPlaneOptions']) ? config.spec['dataPlaneOptions'] : undefined;
        const net = isObj(dp?.['network']) ? dp['network'] : undefined;
        const svcs = isObj(net?.['services']) ? net['services'] : undefined;
        accepted.set(name, { ingress: isObj(svcs?.['ingress']) ? svcs['ingress'] : undefined });
      }
    }
    return accepted;
  }

  private async reconcileGateways(
    z: KongZone,
    gateways: KubeObject[],
    accepted: Map<string, ClassInfo>,
    services: KubeObject[],
    routes: KubeObject[],
  ): Promise<void> {
    const ownerUid = (svc: KubeObject) => (svc.metadata?.ownerReferences ?? []).find((r) => r.kind === 'Gateway')?.uid;
    const nsLabels = new Map<string, Record<string, string>>();
    const namespaceLabels = async (ns: string) => {
      if (!nsLabels.has(ns)) nsLabels.set(ns, strMap((await z.client.getOrNull(`/api/v1/namespaces/${ns}`))?.metadata?.labels));
      return nsLabels.get(ns)!;
    };

    for (const gw of gateways) {
      // Gateways of other classes, or of a class the operator has not accepted, are left alone
      // (controller/gateway Reconcile: "resource not supported, ignoring" / "GatewayClass not accepted, ignoring").
      const cls = accepted.get(String(gw.spec?.['gatewayClassName'] ?? ''));
      if (!cls) continue;
      const key = `${z.zone}/${gw.metadata?.namespace}/${gw.metadata?.name}`;
      try {
        await this.reconcileGateway(
          z,
          gw,
          cls,
          services.filter((s) => ownerUid(s) === gw.metadata?.uid),
          routes,
          namespaceLabels,
        );
      } catch (e) {
        logThrottled(`kong-${key}`, `kong operator: Gateway ${key}: ${errText(e)} (will retry)`);
      }
    }

    // The Gateway is gone: its DataPlane and so the ingress Service go with it (kong-gateway-notes:
    // "The operator creates a DataPlane ... then ... an ingress Service" for the Gateway; Kubernetes'
    // garbage collector removes owned objects, but the sandbox runs none). Services whose Gateway
    // still exists under another class are kept, as the operator leaves a DataPlane it stops managing.
    const uids = new Set(gateways.map((g) => g.metadata?.uid));
    for (const svc of services) {
      const uid = ownerUid(svc);
      if (!uid || uids.has(uid)) continue;
      const ns = svc.metadata?.namespace ?? '';
      await z.client.remove(paths.service(ns, svc.metadata?.name ?? ''));
      log(`kong operator: ${z.zone}: deleted Service ${ns}/${svc.metadata?.name} (its Gateway is gone)`);
    }
  }

  private async reconcileGateway(
    z: KongZone,
    gw: KubeObject,
    cls: ClassInfo,
    owned: KubeObject[],
    routes: KubeObject[],
    namespaceLabels: (ns: string) => Promise<Record<string, string>>,
  ): Promise<void> {
    const name = gw.metadata?.name ?? '';
    const namespace = gw.metadata?.namespace ?? '';
    const gen = generation(gw);
    const listeners = arr(gw.spec?.['listeners']);
    const oldStatus = gw.status ?? {};
    const oldConditions = arr(oldStatus['conditions']);
    const oldListeners = arr(oldStatus['listeners']);

    // Listener status (controller/gateway setAcceptedAndAttachedRoutes, setResolvedRefsAndSupportedKinds):
    // a listener is accepted when its protocol has a route kind (HTTP, HTTPS, TLS); attachedRoutes counts
    // the HTTPRoutes whose parentRefs name this Gateway (and listener), from namespaces allowedRoutes allows.
    const listenerAccepted = listeners.map((l) => String(l['protocol'] ?? '') in ROUTE_KINDS);
    const allAccepted = listenerAccepted.every(Boolean);

    // The ingress Service (kong-gateway-notes "The objects": "The operator creates a DataPlane and a
    // ControlPlane for it, then Kong proxy pods and an ingress Service"; the GatewayConfiguration's
    // `spec.dataPlaneOptions.network.services.ingress` sets its type; `Gateway.spec.infrastructure`
    // labels/annotations are merged onto what the GatewayConfiguration sets). A Gateway that is not
    // accepted gets no DataPlane (controller/gateway: "If the Gateway is not accepted, do not move on").
    let svc: KubeObject | undefined;
    if (allAccepted) svc = await this.ensureService(z, gw, cls, owned);

    // Addresses (controller/gateway gatewayAddressesFromService): a LoadBalancer Service's
    // status.loadBalancer.ingress[].hostname (type Hostname) and .ip (type IPAddress), hostnames
    // first; another Service type gives its clusterIP. The DataPlane is ready once a LoadBalancer
    // Service has an address (controller/dataplane dataPlaneIngressServiceIsReady); pods being ready
    // is assumed, none run here. kong-gateway-notes: "once the DataPlane is ready it writes the
    // Service's address to `Gateway.status.addresses[0].value` (and clears it while not ready)".
    const isLb = svc?.spec?.['type'] === 'LoadBalancer';
    const addresses: Json[] = [];
    if (svc && isLb) {
      const lb = isObj(svc.status?.['loadBalancer']) ? svc.status['loadBalancer'] : {};
      for (const ing of arr(lb['ingress'])) {
        if (str(ing['ip'])) addresses.push({ type: 'IPAddress', value: ing['ip'] });
        if (str(ing['hostname'])) addresses.push({ type: 'Hostname', value: ing['hostname'] });
      }
    } else if (svc && str(svc.spec?.['clusterIP']) && svc.spec?.['clusterIP'] !== 'None') {
      addresses.push({ type: 'IPAddress', value: svc.spec?.['clusterIP'] });
    }
    const rank = (a: Json) => (a['type'] === 'Hostname' ? 0 : 1);
    addresses.sort((a, b) => rank(a) - rank(b) || String(a['value']).localeCompare(String(b['value'])));
    const ready = !!svc && (!isLb || addresses.length > 0);

    // Gateway conditions: Accepted (True/Accepted, or False/ListenersNotValid), DataPlaneReady
    // (False/WaitingToBecomeReady until the address, then True/Ready) and Programmed (False/
    // DependenciesNotReady until every other condition is True, then True/Programmed)
    // (pkg/utils/kubernetes SetAcceptedConditionOnGateway, SetProgrammed; controller/gateway).
    const conditions: Json[] = [];
    const notAccepted = listenerAccepted.map((ok, i) => (ok ? '' : `Listener ${i} is not accepted.`)).filter(Boolean);
    conditions.push(
      allAccepted
        ? condition(oldConditions, 'Accepted', 'True', 'Accepted', '', gen)
        : condition(oldConditions, 'Accepted', 'False', 'ListenersNotValid', notAccepted.join(' '), gen),
    );
    if (allAccepted) {
      conditions.push(
        ready
          ? condition(oldConditions, 'DataPlaneReady', 'True', 'Ready', '', gen)
          : condition(oldConditions, 'DataPlaneReady', 'False', 'WaitingToBecomeReady', WAITING_TO_BECOME_READY, gen),
      );
    }
    conditions.push(
      ready
        ? condition(oldConditions, 'Programmed', 'True', 'Programmed', '', gen)
        : condition(oldConditions, 'Programmed', 'False', allAccepted ? 'DependenciesNotReady' : 'Pending', DEPENDENCIES_NOT_READY, gen),
    );

    const listenerStatus: Json[] = [];
    for (const [i, l] of listeners.entries()) {
      const lname = String(l['name'] ?? '');
      const old = arr(oldListeners.find((s) => s['name'] === lname)?.['conditions']);
      const kind = ROUTE_KINDS[String(l['protocol'] ?? '')];
      const attachedRoutes = kind === 'HTTPRoute' ? await this.attachedRoutes(gw, l, routes, namespaceLabels) : 0;
      listenerStatus.push({
        name: lname,
        attachedRoutes,
        ...(listenerAccepted[i] ? { supportedKinds: [{ group: GW_GROUP, kind }] } : {}),
        conditions: [
          listenerAccepted[i]
            ? condition(old, 'Accepted', 'True', 'Accepted', '', gen)
            : condition(old, 'Accepted', 'False', 'UnsupportedProtocol', '', gen),
          condition(old, 'Conflicted', 'False', 'NoConflicts', '', gen),
          condition(old, 'ResolvedRefs', 'True', 'ResolvedRefs', '', gen),
          ready ? condition(old, 'Programmed', 'True', 'Programmed', '', gen) : condition(old, 'Programmed', 'False', 'Pending', '', gen),
        ],
      });
    }

    const status = { conditions, listeners: listenerStatus, addresses: ready && addresses.length ? addresses : null };
    const current = {
      conditions: oldConditions,
      listeners: oldListeners,
      addresses: Array.isArray(oldStatus['addresses']) && oldStatus['addresses'].length ? oldStatus['addresses'] : null,
    };
    if (stableStringify(status) === stableStringify(current)) return;
    await z.client.mergePatch(`${gwApi('gateways', namespace, name)}/status`, { status });
    const wasProgrammed = oldConditions.find((c) => c['type'] === 'Programmed')?.['status'] === 'True';
    if (wasProgrammed !== ready || stableStringify(status.addresses) !== stableStringify(current.addresses)) {
      log(
        `kong operator: ${z.zone}: Gateway ${namespace}/${name} Programmed=${ready ? 'True' : 'False'} addresses ${
          status.addresses ? status.addresses.map((a) => a['value']).join(',') : '(none)'
        }`,
      );
    }
  }

  /** HTTPRoutes attached to listener `l` of `gw` (controller/gateway countAttachedHTTPRoutes, simplified: no route status). */
  private async attachedRoutes(
    gw: KubeObject,
    l: Json,
    routes: KubeObject[],
    namespaceLabels: (ns: string) => Promise<Record<string, string>>,
  ): Promise<number> {
    const gwNs = gw.metadata?.namespace ?? '';
    const allowed = isObj(l['allowedRoutes']) && isObj(l['allowedRoutes']['namespaces']) ? l['allowedRoutes']['namespaces'] : {};
    const from = str(allowed['from']) ?? 'Same';
    const listenerHost = str(l['hostname']);
    let count = 0;
    for (const r of routes) {
      const rNs = r.metadata?.namespace ?? '';
      const refs = arr(r.spec?.['parentRefs']).filter(
        (p) =>
          (p['group'] ?? GW_GROUP) === GW_GROUP &&
          (p['kind'] ?? 'Gateway') === 'Gateway' &&
          p['name'] === gw.metadata?.name &&
          (str(p['namespace']) ?? rNs) === gwNs &&
          (p['sectionName'] === undefined || p['sectionName'] === l['name']) &&
          (p['port'] === undefined || p['port'] === l['port']),
      );
      if (!refs.length) continue;
      if (from === 'Same' && rNs !== gwNs) continue;
      if (from === 'Selector' && !(isObj(allowed['selector']) && selectorMatches(allowed['selector'], await namespaceLabels(rNs))))
        continue;
      const hosts = Array.isArray(r.spec?.['hostnames']) ? r.spec['hostnames'].map(String) : [];
      if (listenerHost && hosts.length && !hosts.some((h) => hostnameMatches(listenerHost, h))) continue;
      count++;
    }
    return count;
  }

  /** The desired ingress Service of `gw` (controller/gateway createDataPlane + pkg/utils/kubernetes/resources GenerateNewIngressServiceForDataPlane). */
  private desired(gw: KubeObject, cls: ClassInfo, dataPlaneName: string): DesiredService {
    const ingress = cls.ingress;
    const infra = isObj(gw.spec?.['infrastructure']) ? gw.spec['infrastructure'] : {};
    // Service ports from the listeners (controller/gateway setDataPlaneIngressServicePorts): name =
    // listener name, port = listener port, targetPort = Kong's proxy port (8000 HTTP, 8443 HTTPS); a
    // port is listed once. TLS listeners: the listener's port stands for the stream port Kong picks.
    const ports: ServicePort[] = [];
    for (const l of arr(gw.spec?.['listeners'])) {
      const port = typeof l['port'] === 'number' ? l['port'] : 0;
      const protocol = String(l['protocol'] ?? '');
      if (!port || !(protocol in ROUTE_KINDS) || ports.some((p) => p.port === port)) continue;
      ports.push({ name: String(l['name'] ?? protocol.toLowerCase()), protocol: 'TCP', port, targetPort: TARGET_PORTS[protocol] ?? port });
    }
    return {
      fixedName: str(ingress?.['name']),
      type: str(ingress?.['type']) ?? 'LoadBalancer',
      labels: {
        ...strMap(ingress?.['labels']),
        ...strMap(infra['labels']),
        app: dataPlaneName,
        [KONG_SERVICE_LABELS.managedBy]: KONG_SERVICE_LABELS.managedByValue,
        [KONG_SERVICE_LABELS.serviceType]: KONG_SERVICE_LABELS.serviceTypeValue,
        [KONG_SERVICE_LABELS.gatewayName]: gw.metadata?.name ?? '',
      },
      annotations: { ...strMap(ingress?.['annotations']), ...strMap(infra['annotations']) },
      selector: { app: dataPlaneName },
      ports,
    };
  }

  /**
   * Makes or updates the Gateway's ingress Service: named by the GatewayConfiguration's
   * `ingress.name`, else generateName `dataplane-ingress-<dataplane>-` where the DataPlane is
   * `<gateway>-<5 random>` (controller/gateway setObjectNamespaceName), so the full name is
   * `dataplane-ingress-<gateway>-<5>-<5>`; labels `app: <dataplane>`,
   * `gateway-operator.konghq.com/managed-by: dataplane`,
   * `gateway-operator.konghq.com/dataplane-service-type: ingress`,
   * `gateway.networking.k8s.io/gateway-name: <gateway>`. Owned by the Gateway here (by the
   * DataPlane in Kong Operator). Follows listener and GatewayConfiguration changes.
   */
  private async ensureService(z: KongZone, gw: KubeObject, cls: ClassInfo, owned: KubeObject[]): Promise<KubeObject | undefined> {
    const namespace = gw.metadata?.namespace ?? '';
    const gwName = gw.metadata?.name ?? '';
    const [current, ...extra] = owned;
    // more than one ingress Service for a DataPlane is reduced to one (controller/dataplane)
    for (const s of extra) {
      await z.client.remove(paths.service(namespace, s.metadata?.name ?? ''));
      log(`kong operator: ${z.zone}: deleted extra Service ${namespace}/${s.metadata?.name} of Gateway ${gwName}`);
    }
    const dataPlaneName = str(current?.metadata?.labels?.['app']) ?? `${trimGenerateName(`${gwName}-`)}${randomSuffix()}`;
    const d = this.desired(gw, cls, dataPlaneName);
    if (!d.ports.length) return current;
    const owner = {
      apiVersion: `${GW_GROUP}/v1`,
      kind: 'Gateway',
      name: gwName,
      uid: gw.metadata?.uid ?? '',
      controller: true,
      blockOwnerDeletion: true,
    };
    const body = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        ...(d.fixedName ? { name: d.fixedName } : { generateName: trimGenerateName(`dataplane-ingress-${dataPlaneName}-`) }),
        namespace,
        labels: d.labels,
        ...(Object.keys(d.annotations).length ? { annotations: d.annotations } : {}),
        ownerReferences: [owner],
      },
      spec: { type: d.type, selector: d.selector, ports: d.ports },
    };
    if (!current) {
      const made = await z.client.create(paths.service(namespace), body);
      log(
        `kong operator: ${z.zone}: created Service ${namespace}/${made.metadata?.name} (${d.type}, ports ${d.ports.map((p) => p.port).join(',')}) for Gateway ${gwName}`,
      );
      return made;
    }
    const spec = current.spec ?? {};
    const have = stableStringify({
      type: spec['type'],
      selector: spec['selector'],
      ports: arr(spec['ports']).map((p) => ({ name: p['name'], protocol: p['protocol'], port: p['port'], targetPort: p['targetPort'] })),
      labels: Object.fromEntries(Object.keys(d.labels).map((k) => [k, current.metadata?.labels?.[k]])),
      annotations: Object.fromEntries(Object.keys(d.annotations).map((k) => [k, current.metadata?.annotations?.[k]])),
    });
    const want = stableStringify({ type: d.type, selector: d.selector, ports: d.ports, labels: d.labels, annotations: d.annotations });
    if (have === want) return current;
    const svcName = current.metadata?.name ?? '';
    try {
      // metadata and spec only: the status (the load balancer's address) stays
      const patched = await z.client.mergePatch(paths.service(namespace, svcName), {
        metadata: { labels: d.labels, annotations: d.annotations },
        spec: { type: d.type, selector: d.selector, ports: d.ports },
      });
      log(`kong operator: ${z.zone}: updated Service ${namespace}/${svcName} (${d.type}, ports ${d.ports.map((p) => p.port).join(',')})`);
      return patched;
    } catch (e) {
      if (isNotFound(e)) throw e;
      // e.g. a type change the API server will not patch in place: make it again
      log(`kong operator: ${z.zone}: re-creating Service ${namespace}/${svcName}: ${errText(e)}`);
      await z.client.remove(paths.service(namespace, svcName));
      const meta: Json = { ...body.metadata, name: svcName };
      delete meta['generateName'];
      return z.client.create(paths.service(namespace), { ...body, metadata: meta });
    }
  }
}
