import type { Tools } from '../adapter/tools.js';
import { pause } from '../adapter/pause.js';

type Json = Record<string, unknown>;

/** The reachable address of a gateway Service (same name and namespace as its MeshGatewayInstance), if it has one. */
export async function readGatewayAddress(tools: Tools, context: string, namespace: string, name: string): Promise<{ address?: string; serviceExists: boolean; error?: string }> {
  const r = await tools.kubectl(context, ['get', 'service', name, '-n', namespace, '-o', 'json', '--ignore-not-found', '--request-timeout=10s'], { timeoutMs: 15_000 });
  if (r.exitCode !== 0) return { serviceExists: false, error: r.stderr.trim() };
  if (!r.stdout.trim()) return { serviceExists: false };
  const svc = JSON.parse(r.stdout) as Json;
  const ingress = (((svc.status as Json | undefined)?.loadBalancer as Json | undefined)?.ingress ?? []) as Array<{ ip?: string; hostname?: string }>;
  const first = ingress.find((i) => i.ip || i.hostname);
  const address = first?.ip ?? first?.hostname;
  return address ? { address, serviceExists: true } : { serviceExists: true };
}

export interface WaitOptions {
  context: string;
  namespace: string;
  name: string;
  timeoutMs: number;
  pollMs?: number;
  signal?: AbortSignal;
  onTick?: (elapsedMs: number, serviceExists: boolean) => void;
}

/** Polls until the gateway Service has a LoadBalancer address, the timeout passes, or the signal aborts. */
export async function waitForGatewayAddress(tools: Tools, o: WaitOptions): Promise<string | undefined> {
  const start = Date.now();
  const poll = o.pollMs ?? 2_000;
  for (;;) {
    if (o.signal?.aborted) return undefined;
    const r = await readGatewayAddress(tools, o.context, o.namespace, o.name);
    if (r.address) return r.address;
    const elapsed = Date.now() - start;
    o.onTick?.(elapsed, r.serviceExists);
    if (elapsed >= o.timeoutMs) return undefined;
    await pause(Math.min(poll, Math.max(0, o.timeoutMs - elapsed)), o.signal);
  }
}
