// The cloud load balancer, played by tests.
//
// In a real zone, Kuma's gateway-instance controller makes a Service for each MeshGatewayInstance
// (in the sandbox: the Kuma stand-in, kuma-standin.ts), and the cloud provider's load-balancer
// controller then fills in the Service's status.loadBalancer.ingress. No cloud controller runs in
// the sandbox, so a test calls assignLoadBalancerAddress: it waits until the stand-in has made the
// Service, then patches the address into its status subresource.
import { execa } from 'execa';
import { isIP } from 'node:net';

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
  const ingress = isIP(o.address) ? { ip: o.address } : { hostname: o.address };
  await execa(o.kubectl, [
    ...base,
    'patch',
    'service',
    o.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: { loadBalancer: { ingress: [ingress] } } }),
  ]);
}
