import type { Tools } from '../adapter/tools.js';
import { pause } from '../adapter/pause.js';
import { at, parseJson, records, str } from '../adapter/json.js';
import type { GatewayService } from '../model/types.js';

/** The reachable address of a gateway Service (same name and namespace as its MeshGatewayInstance), if it has one. */
export async function readGatewayAddress(
  tools: Tools,
  service: GatewayService,
): Promise<{ address?: string; serviceExists: boolean; error?: string }> {
  const { context, namespace, name } = service;
  const r = await tools.kubectl(
    context,
    ['get', 'service', name, '-n', namespace, '-o', 'json', '--ignore-not-found', '--request-timeout=10s'],
    { timeoutMs: 15_000 },
  );
  if (r.exitCode !== 0) return { serviceExists: false, error: r.stderr.trim() };
  if (!r.stdout.trim()) return { serviceExists: false };
  const parsed = parseJson(r.stdout, `Service ${namespace}/${name}`);
  if (!parsed.ok) return { serviceExists: true, error: parsed.error };
  const ingress = records(at(parsed.value, 'status', 'loadBalancer', 'ingress'));
  const address = ingress.map((i) => str(i.ip) || str(i.hostname)).find(Boolean);
  return address ? { address, serviceExists: true } : { serviceExists: true };
}

export interface WaitOptions {
  service: GatewayService;
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
    const r = await readGatewayAddress(tools, o.service);
    if (r.address) return r.address;
    const elapsed = Date.now() - start;
    o.onTick?.(elapsed, r.serviceExists);
    if (elapsed >= o.timeoutMs) return undefined;
    await pause(Math.min(poll, Math.max(0, o.timeoutMs - elapsed)), o.signal);
  }
}
