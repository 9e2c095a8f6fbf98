// The cloud load balancer, played by tests.
//
// In a real zone, Kuma's gateway-instance controller makes a Service for each MeshGatewayInstance
// (in the sandbox: the Kuma stand-in, kuma-standin.ts), and the cloud provider's load-balancer
// controller then fills in the Service's status.loadBalancer.ingress. No cloud controller runs in
// the sandbox, so a test calls assignLoadBalancerAddress: it waits until the stand-in has made the
// Service, then patches the address into its status subresource.
//
// Kong Gateway (kong-gateway-notes.md): Kong Operator makes an ingress Service for each Gateway of a
// `konghq.com/gateway-operator` class (in the sandbox: the Kong Operator stand-in,
// standin/kong-operator.ts) under a generated name, and copies the load balancer's address into
// Gateway.status.addresses. assignKongGatewayAddress finds that Service by its labels and plays the
// cloud for it; waitForGatewayAddress waits for the Gateway's status.
import { execa } from 'execa';
import { isIP } from 'node:net';
import { kongIngressServiceSelector } from './standin/kong-names.js';

export interface AssignLoadBalancerAddressOptions {
  /** Path of the kubectl binary to run. */
  kubectl: string;
  kubeconfig: string;
  context: string;
  /** Name and namespace of the MeshGatewayInstance (its Service has the same). */
  namespace: string;
  name: string;
  /** An IP goes to ingress[].ip, anything else to ingress[].hostname. */
  address: string;
  /** How long to wait for the Service (default 60 s). */
  timeoutMs?: number;
  /** Stops the wait early (the call then rejects). */
  signal?: AbortSignal;
}

const POLL_MS = 250;

export async function assignLoadBalancerAddress(o: AssignLoadBalancerAddressOptions): Promise<void> {
  const base = ['--kubeconfig', o.kubeconfig, '--context', o.context, '-n', o.namespace];
  const until = Date.now() + (o.timeoutMs ?? 60_000);
  for (;;) {
    o.signal?.throwIfAborted();
    const r = await execa(o.kubectl, [...base, 'get', 'service', o.name, '-o', 'name', '--ignore-not-found'], { reject: false });
    if (r.exitCode === 0 && String(r.stdout).trim()) break;
    if (Date.now() > until)
      throw new Error(
        `Service ${o.namespace}/${o.name} in ${o.context} not made by the Kuma stand-in within ${o.timeoutMs ?? 60_000} ms (does a MeshGateway select the instance?)`,
      );
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
  await patchLoadBalancerStatus(o, o.name, loadBalancerFor(o.address));
}

/** `status.loadBalancer` with one ingress entry: an IP goes to `.ip`, anything else to `.hostname`. */
function loadBalancerFor(address: string): { ingress: [{ ip: string } | { hostname: string }] } {
  return { ingress: [isIP(address) ? { ip: address } : { hostname: address }] };
}

/**
 * Plays the cloud's load-balancer controller: merge-patches the Service's status subresource with
 * `status.loadBalancer` (null empties it). Rejects with kubectl's error when the patch fails.
 */
async function patchLoadBalancerStatus(
  o: { kubectl: string; kubeconfig: string; context: string; namespace: string },
  service: string,
  loadBalancer: ReturnType<typeof loadBalancerFor> | null,
): Promise<void> {
  await execa(o.kubectl, [
    '--kubeconfig',
    o.kubeconfig,
    '--context',
    o.context,
    '-n',
    o.namespace,
    'patch',
    'service',
    service,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: { loadBalancer } }),
  ]);
}

export interface KongGatewayRef {
  /** Path of the kubectl binary to run. */
  kubectl: string;
  kubeconfig: string;
  context: string;
  /** Namespace and name of the Gateway (its ingress Service is in the same namespace). */
  namespace: string;
  gateway: string;
  /** How long to wait (default 60 s). */
  timeoutMs?: number;
  /** Stops the wait early (the call then rejects). */
  signal?: AbortSignal;
}

async function kubectlJson(o: { kubectl: string; kubeconfig: string; context: string }, args: string[]): Promise<unknown> {
  const r = await execa(o.kubectl, ['--kubeconfig', o.kubeconfig, '--context', o.context, ...args, '-o', 'json'], { reject: false });
  if (r.exitCode !== 0) throw new Error(`kubectl --context ${o.context} ${args.join(' ')}: ${String(r.stderr).trim()}`);
  return JSON.parse(String(r.stdout));
}

/**
 * Name of the Gateway's ingress Service made by the Kong Operator stand-in, found by its labels
 * (`gateway-operator.konghq.com/managed-by=dataplane`, `gateway-operator.konghq.com/dataplane-service-type=ingress`,
 * `gateway.networking.k8s.io/gateway-name=<gateway>`); null while there is none (or, briefly, more than one).
 */
export async function findKongGatewayService(o: KongGatewayRef): Promise<string | null> {
  const list = (await kubectlJson(o, ['-n', o.namespace, 'get', 'services', '-l', kongIngressServiceSelector(o.gateway)])) as {
    items?: { metadata: { name: string } }[];
  };
  const items = list.items ?? [];
  return items.length === 1 ? items[0]!.metadata.name : null;
}

async function waitForKongGatewayService(o: KongGatewayRef): Promise<string> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    o.signal?.throwIfAborted();
    const name = await findKongGatewayService(o);
    if (name) return name;
    if (Date.now() > until)
      throw new Error(
        `no ingress Service for Gateway ${o.namespace}/${o.gateway} in ${o.context} within ${timeoutMs} ms (is its GatewayClass konghq.com/gateway-operator and Accepted, and the operator installed?)`,
      );
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
}

/**
 * Plays the cloud load balancer for a Kong Gateway: waits until the Kong Operator stand-in has made
 * the Gateway's ingress Service, then writes `address` to its status.loadBalancer.ingress (an IP to
 * `.ip`, anything else to `.hostname`). The stand-in then copies it to Gateway.status.addresses.
 * Returns the Service's name.
 */
export async function assignKongGatewayAddress(o: KongGatewayRef & { address: string }): Promise<string> {
  const name = await waitForKongGatewayService(o);
  await patchLoadBalancerStatus(o, name, loadBalancerFor(o.address));
  return name;
}

/** The load balancer loses its address: empties the ingress Service's status.loadBalancer. Returns the Service's name. */
export async function clearKongGatewayAddress(o: KongGatewayRef): Promise<string> {
  const name = await waitForKongGatewayService(o);
  await patchLoadBalancerStatus(o, name, null);
  return name;
}

export interface GatewayAddress {
  type: string;
  value: string;
}

/**
 * Waits until the Gateway (any class) has status.addresses, or, with `value`, an address of that
 * value; returns the addresses.
 */
export async function waitForGatewayAddress(o: KongGatewayRef & { value?: string }): Promise<GatewayAddress[]> {
  const timeoutMs = o.timeoutMs ?? 60_000;
  const until = Date.now() + timeoutMs;
  for (;;) {
    o.signal?.throwIfAborted();
    const gw = (await kubectlJson(o, ['-n', o.namespace, 'get', 'gateways.gateway.networking.k8s.io', o.gateway])) as {
      status?: { addresses?: GatewayAddress[] };
    };
    const addresses = gw.status?.addresses ?? [];
    if (addresses.length && (o.value === undefined || addresses.some((a) => a.value === o.value))) return addresses;
    if (Date.now() > until)
      throw new Error(
        `Gateway ${o.namespace}/${o.gateway} in ${o.context} has no address${o.value ? ` ${o.value}` : ''} after ${timeoutMs} ms (addresses: ${JSON.stringify(addresses)})`,
      );
    await new Promise((res) => setTimeout(res, POLL_MS));
  }
}
