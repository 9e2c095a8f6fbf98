import type { Tools } from '../adapter/tools.js';

/** Context names from the kubeconfig in use (KUBECONFIG or --kubeconfig); empty when there are none. */
export async function listKubeContexts(tools: Tools): Promise<string[]> {
  const r = await tools.kubectl(undefined, ['config', 'get-contexts', '-o', 'name'], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) return [];
  return r.stdout
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

export interface ControlPlaneEntry {
  name: string;
  address?: string;
  active: boolean;
}

/** Control planes known to kumactl, read from `kumactl config control-planes list`. */
export async function listControlPlanes(tools: Tools): Promise<ControlPlaneEntry[]> {
  const r = await tools.kumactl(undefined, ['config', 'control-planes', 'list'], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) return [];
  return parseControlPlaneTable(r.stdout);
}

export function parseControlPlaneTable(text: string): ControlPlaneEntry[] {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = lines.shift();
  if (!header) return [];
  const nameAt = header.indexOf('NAME');
  const addressAt = header.indexOf('ADDRESS');
  if (nameAt < 0) return [];
  return lines
    .map((line) => {
      const name =
        line
          .slice(nameAt, addressAt > nameAt ? addressAt : undefined)
          .trim()
          .split(/\s+/)[0] ?? '';
      const address = addressAt >= 0 ? line.slice(addressAt).trim().split(/\s+/)[0] : undefined;
      return { name, ...(address ? { address } : {}), active: line.slice(0, nameAt).includes('*') };
    })
    .filter((e) => e.name);
}
