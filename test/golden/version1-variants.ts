/** Version 1 files whose plans, step texts, export and handouts test/golden/plan/ records byte for byte. */
export const VERSION1_VARIANTS: Record<string, string> = {
  default: 'version: 1\n',
  'other-names': `version: 1
global: { tool: kumactl, controlPlane: hq-cp }
clusters:
  cluster1: { context: kind-alpha, zone: alpha-zone }
  cluster2: { context: kind-beta, zone: beta-zone }
meshes:
  mesh1: { name: payments, cluster1Namespace: pay-front, cluster2Namespace: pay-callers, gateway: { name: pay-door, port: 8080 } }
  mesh2: { name: orders, cluster1Namespace: ord-front, cluster2Namespace: ord-callers, gateway: { name: ord-door, port: 9090 } }
`,
  kong: `version: 1
meshes:
  mesh1: { gateway: { kind: kong } }
  mesh2: { gateway: { kind: kong, namespace: c1m2 } }
`,
  'kong-first-only': `version: 1
meshes:
  mesh1: { gateway: { kind: kong } }
`,
  'kubectl-global-no-zone2-echo': `version: 1
global: { tool: kubectl, context: global }
systemNamespace: kuma-system
echo: { inZone2: false }
meshes:
  mesh2: { gateway: { address: 203.0.113.20 } }
`,
};
