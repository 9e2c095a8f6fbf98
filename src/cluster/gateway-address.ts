import type { Tools } from '../adapter/tools.js';
import { pause } from '../adapter/pause.js';
import { at, parseJson, records, str } from '../adapter/json.js';
import type { GatewayAddressSource } from '../model/types.js';

export interface FoundAddress {
  address?: string;
  /** the Service (built-in gateway) or Gateway (Kong) exists, with or without an address */
  exists: boolean;
  error?: string;
}

/** "gateway Service c1m1/cross-mesh-gateway" or "Gateway c1m1-gateway/kong-gw": what a user looks for. */
export function describeAddressSource(source: GatewayAddressSource): string {
  return `${source.from === 'gateway' ? 'Gateway' : 'gateway Service'} ${source.namespace}/${source.name}`;
}

/**
 * The reachable address of a gateway, if it has one: the LoadBalancer ingress of the built-in
 * gateway's Service, or the first of a Gateway API Gateway's status.addresses (Kong Operator writes
 * it once the proxy is ready, and clears it while it is not).
 */
export async function readGatewayAddress(tools: Tools, source: GatewayAddressSource): Promise<FoundAddress> {
  const { context, namespace, name } = source;
  const resource = source.from === 'gateway' ? 'gateways.gateway.networking.k8s.io' : 'service';
  const r = await tools.kubectl(
    context,
    ['get', resource, name, '-n', namespace, '-o', 'json', '--ignore-not-found', '--request-timeout=10s'],
    { timeoutMs: 15_000 },
  );
  if (r.exitCode !== 0) return { exists: false, error: r.stderr.trim() };
  if (!r.stdout.trim()) return { exists: false };
  const parsed = parseJson(r.stdout, describeAddressSource(source));
  if (!parsed.ok) return { exists: true, error: parsed.error };
  const address =
    source.from === 'gateway'
      ? records(at(parsed.value, 'status', 'addresses'))
          .map((a) => str(a.value))
          .find(Boolean)
      : records(at(parsed.value, 'status', 'loadBalancer', 'ingress'))
          .map((i) => str(i.ip) || str(i.hostname))
          .find(Boolean);
  return address ? { address, exists: true } : { exists: true };
}

export interface WaitOptions {
  source: GatewayAddressSource;
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onTick?: (elapsedMs: number, exists: boolean) => void;
}

/** Polls until the gateway has a reachable address, the timeout passes, or the signal aborts. */
export async function waitForGatewayAddress(tools: Tools, o: WaitOptions): Promise<string | undefined> {
  const start = Date.now();
  const poll = o.pollMs ?? 2_000;
  for (;;) {
    if (o.signal?.aborted) return undefined;
    const r = await readGatewayAddress(tools, o.source);
    if (r.address) return r.address;
    const elapsed = Date.now() - start;
    o.onTick?.(elapsed, r.exists);
    if (elapsed >= o.timeoutMs) return undefined;
    await pause(Math.min(poll, Math.max(0, o.timeoutMs - elapsed)), o.signal);
  }
}
