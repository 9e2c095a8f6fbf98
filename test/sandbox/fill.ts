// Fills a zone of the sandbox with objects that have nothing to do with crossmesh, so a benchmark can
// show that reading the planned objects does not grow with what else a cluster holds.
//
// fillZone(kubectl, kubeconfig, 'c1', { namespaces: 2000, services: 5000 }) creates namespaces
// `fill-0000` ... and spreads the Services over them (headless, one port, no selector: they take no
// address from the Service range, and no controller runs in the sandbox to make anything from them). It is idempotent (kubectl
// apply) and labelled `crossmesh.io/bench-fill: "true"`.
import { execa } from 'execa';

export interface FillOptions {
  namespaces: number;
  services: number;
  /** objects per kubectl call (default 500) */
  chunk?: number;
  /** kubectl calls at once (default 4) */
  parallel?: number;
}

const LABEL = 'crossmesh.io/bench-fill';

function namespaceDoc(i: number): string {
  return `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: fill-${String(i).padStart(4, '0')}\n  labels:\n    ${LABEL}: "true"\n`;
}

function serviceDoc(i: number, namespaces: number): string {
  const ns = `fill-${String(i % namespaces).padStart(4, '0')}`;
  return (
    `apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${String(i).padStart(5, '0')}\n  namespace: ${ns}\n  labels:\n    ${LABEL}: "true"\n` +
    `spec:\n  clusterIP: None\n  ports:\n    - name: http\n      port: 80\n      targetPort: 8080\n`
  );
}

async function applyAll(kubectl: string, base: string[], docs: string[], chunk: number, parallel: number): Promise<void> {
  const chunks: string[][] = [];
  for (let i = 0; i < docs.length; i += chunk) chunks.push(docs.slice(i, i + chunk));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const mine = chunks[next++]!;
      const r = await execa(kubectl, [...base, 'apply', '-f', '-', '-o', 'name'], { input: mine.join('---\n'), reject: false });
      if (r.exitCode !== 0) throw new Error(`filling the zone failed: ${String(r.stderr).slice(0, 500)}`);
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** Creates the namespaces, then the Services in them; returns how long it took (ms). */
export async function fillZone(kubectl: string, kubeconfig: string, context: string, o: FillOptions): Promise<number> {
  const t = Date.now();
  const base = ['--kubeconfig', kubeconfig, '--context', context];
  const chunk = o.chunk ?? 500;
  const parallel = o.parallel ?? 4;
  await applyAll(
    kubectl,
    base,
    Array.from({ length: o.namespaces }, (_, i) => namespaceDoc(i)),
    chunk,
    parallel,
  );
  await applyAll(
    kubectl,
    base,
    Array.from({ length: o.services }, (_, i) => serviceDoc(i, o.namespaces)),
    chunk,
    parallel,
  );
  return Date.now() - t;
}

/** How many filler namespaces and Services a zone holds (to print beside the figures). */
export async function countFill(kubectl: string, kubeconfig: string, context: string): Promise<{ namespaces: number; services: number }> {
  const base = ['--kubeconfig', kubeconfig, '--context', context];
  const count = async (kind: string) => {
    const r = await execa(kubectl, [...base, 'get', kind, '-A', '-l', `${LABEL}=true`, '-o', 'name'], { reject: false });
    return String(r.stdout).split('\n').filter(Boolean).length;
  };
  return { namespaces: await count('namespaces'), services: await count('services') };
}
