// Simulated gateway controller + cloud load balancer.
//
// STAND-IN, NOT KUMA: in a real zone, Kuma's gateway-instance controller (part
// of the zone kuma-cp) turns a MeshGatewayInstance into a Deployment and a
// Service of the same name and namespace (once a matching MeshGateway exists),
// and a cloud provider's load-balancer controller then fills in the Service's
// status.loadBalancer.ingress. The sandbox runs neither a kuma-cp in the zones
// nor a cloud controller, so tests call this to create that Service and to
// play the load balancer by patching its status subresource.
import { execa } from 'execa';
import { isIP } from 'node:net';

export interface SimulateGatewayServiceOptions {
  /** Path of the kubectl binary to run. */
  kubectl: string;
  kubeconfig: string;
  context: string;
  /** Name and namespace of the MeshGatewayInstance (the Service gets the same). */
  name: string;
  namespace: string;
  ports: number[];
  /** Load balancer address: an IP goes to ingress[].ip, anything else to ingress[].hostname. Omit to leave it pending. */
  address?: string;
  /** Mesh of the gateway; recorded as the kuma.io/mesh label (default "default"). */
  mesh?: string;
}

export async function simulateGatewayService(opts: SimulateGatewayServiceOptions): Promise<void> {
  const base = ['--kubeconfig', opts.kubeconfig, '--context', opts.context, '-n', opts.namespace];
  const mesh = opts.mesh ?? 'default';
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: opts.name,
      namespace: opts.namespace,
      labels: {
        app: opts.name,
        'kuma.io/mesh': mesh,
        'app.kubernetes.io/managed-by': 'crossmesh-sandbox-gateway-sim',
      },
      annotations: { 'crossmesh.test/simulated': 'stands in for the Kuma gateway-instance controller' },
    },
    spec: {
      type: 'LoadBalancer',
      selector: { app: opts.name },
      ports: opts.ports.map((port) => ({ name: `port-${port}`, port, protocol: 'TCP', targetPort: port })),
    },
  };
  await execa(opts.kubectl, [...base, 'apply', '-f', '-'], { input: JSON.stringify(service) });
  if (opts.address === undefined) return;
  const ingress = isIP(opts.address) ? { ip: opts.address } : { hostname: opts.address };
  await execa(opts.kubectl, [
    ...base,
    'patch',
    'service',
    opts.name,
    '--subresource=status',
    '--type=merge',
    '-p',
    JSON.stringify({ status: { loadBalancer: { ingress: [ingress] } } }),
  ]);
}
