import type { ToolResult } from './tools.js';

/** Turns a tool's failure into one line that says what probably went wrong and what to do. */
export function hintFor(r: Pick<ToolResult, 'tool' | 'stderr' | 'stdout' | 'notFound' | 'timedOut'>, context?: string): string {
  const text = `${r.stderr}\n${r.stdout}`;
  const where = context ? ` "${context}"` : '';
  if (r.notFound) return `${r.tool} is not on PATH: install it, or put the directory that holds it on PATH, then retry.`;
  if (r.timedOut) return `${r.tool} did not answer in time: check that${where} is reachable (VPN, firewall, cluster running), then retry.`;
  if (/context "[^"]*" does not exist|no context exists with the name|context was not found for specified context/i.test(text))
    return `The kubeconfig has no context${where}: pick another context, or point --kubeconfig / KUBECONFIG at the file that has it.`;
  // Kuma's own refusals first: their wording overlaps the generic patterns below ("forbidden", "not found")
  const missingMesh = text.match(/Mesh(?:\.kuma\.io)? "([^"]+)" not found/);
  if (missingMesh)
    return `The zone${where} does not know mesh "${missingMesh[1]}" yet: the global control plane has not copied it there. Wait a few seconds and retry; if it stays missing, check that the zone is online and connected to the global (kumactl inspect zones).`;
  if (/Changing CA when mTLS is enabled is forbidden/i.test(text))
    return "Kuma refuses to switch the CA backend of a mesh while mTLS is on (this is Kuma's rule, not a permissions problem). Keep the mesh's current backend (ca.backend in crossmesh.yaml), or turn mTLS off on the mesh, change the CA, then turn it on again.";
  if (/still some dataplanes attached/i.test(text))
    return 'The mesh still has data plane proxies: pods of its workloads or gateways are still stopping. Wait until they are gone (kubectl get pods in the mesh namespaces), then retry.';
  if (/requires 'kuma\.io\/origin' label/i.test(text))
    return 'A zone accepts policies in its system namespace only with the label kuma.io/origin: zone; policies meant for every zone belong on the global control plane instead.';
  if (/because it is being terminated/i.test(text))
    return 'A namespace this step uses is still being deleted (Terminating): wait until it is gone, or until its finalizers finish, then retry.';
  if (/admission webhook .* denied|denied the request/i.test(text))
    return "The control plane's admission webhook refused the object; its message above says why.";
  if (/failed calling webhook/i.test(text))
    return "The API server answered but could not reach the control plane's admission webhook: check that the zone control plane pods are running.";
  // kubectl says either `dial tcp ...: connect: connection refused` or `The connection to the server HOST was refused`
  if (
    /Unable to connect to the server|connection refused|connection to the server .* was refused|no such host|i\/o timeout|deadline exceeded|dial tcp|connect: /i.test(
      text,
    )
  )
    return `The cluster behind${where || ' this context'} cannot be reached: check the VPN, the API server address and that the cluster is running.`;
  if (/\b405\b/.test(text) && r.tool === 'kumactl')
    return 'This global control plane runs on Kubernetes and refuses kumactl apply: set global.tool to kubectl and global.context to its kube context.';
  if (/no matches for kind|ensure CRDs are installed|doesn't have a resource type/i.test(text))
    return `A Kuma resource type is missing on${where || ' the cluster'}: install Kuma or Kong Mesh (with its CRDs) there; Kuma 3.0 no longer has the built-in gateway types.`;
  if (/namespaces? "[^"]+" not found/i.test(text))
    return 'A namespace this step uses does not exist yet: run the namespaces step first (or check the namespace names).';
  if (/is forbidden: User "[^"]*" cannot/i.test(text))
    return `Your credentials for${where || ' this cluster'} may not change these objects: ask for the RBAC rights, or use a context with more rights.`;
  if (/is invalid|Invalid value|Unsupported value|Required value|unknown field/i.test(text))
    return 'The API server rejected the manifest against its schema: the message above names the field; correct the value in crossmesh.yaml.';
  if (/does not know a control plane|control-planes add|unreadable/i.test(text))
    return 'Register the control plane with kumactl config control-planes add, or pick another one.';
  return "Read the tool's message above; retry once the cause is fixed, skip the step, or quit and resume later.";
}
