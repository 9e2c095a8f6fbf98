import type { Tools } from '../adapter/tools.js';
import { hintFor } from '../adapter/hints.js';
import { at, listItems, parseJson, record, str } from '../adapter/json.js';
import type { CheckResult } from '../model/types.js';

/** What Kong Operator needs on the zone that runs a Kong Gateway: its own type and the Gateway API's. */
export const KONG_OPERATOR_CRD = 'gatewayconfigurations.gateway-operator.konghq.com';
export const GATEWAY_API_CRDS = [
  'gatewayclasses.gateway.networking.k8s.io',
  'gateways.gateway.networking.k8s.io',
  'httproutes.gateway.networking.k8s.io',
  'referencegrants.gateway.networking.k8s.io',
];
/** The kong-operator Helm chart labels its Deployment with this component. */
export const KONG_OPERATOR_SELECTOR = 'app.kubernetes.io/component=ko';
const BUNDLE_VERSION = 'gateway.networking.k8s.io/bundle-version';

export const INSTALL_GATEWAY_API =
  'kubectl apply --server-side -f https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml';
export const INSTALL_KONG_OPERATOR = [
  'helm repo add kong https://charts.konghq.com && helm repo update',
  'helm upgrade --install kong-operator kong/kong-operator -n kong-system --create-namespace',
];

function minorOf(version: string): [number, number] | undefined {
  const m = version.match(/^v?(\d+)\.(\d+)/);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * Checks that a zone can run a Kong Gateway: the Gateway API types (and their bundle version), the
 * Kong Operator type, and a running operator. Names what is missing and shows how to install it;
 * crossmesh never installs it itself.
 */
export async function kongChecks(tools: Tools, context: string, label: string): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  const wanted = [...GATEWAY_API_CRDS, KONG_OPERATOR_CRD];
  const [crds, deployments] = await Promise.all([
    tools.kubectl(context, ['get', 'crd', ...wanted, '-o', 'json', '--ignore-not-found', '--request-timeout=10s'], { timeoutMs: 15_000 }),
    tools.kubectl(context, ['get', 'deployments', '-A', '-l', KONG_OPERATOR_SELECTOR, '-o', 'json', '--request-timeout=10s'], {
      timeoutMs: 15_000,
    }),
  ]);
  if (crds.exitCode !== 0)
    return [
      { status: 'fail', label: `${label}: Gateway API and Kong Operator types`, detail: crds.stderr.trim(), hint: hintFor(crds, context) },
    ];
  const parsed = parseJson(crds.stdout, 'the list of CRDs');
  if (!parsed.ok) return [{ status: 'fail', label: `${label}: Gateway API and Kong Operator types`, detail: parsed.error }];
  const found = new Map(listItems(parsed.value).map((crd) => [str(at(crd, 'metadata', 'name')) ?? '', crd]));

  const missingApi = GATEWAY_API_CRDS.filter((name) => !found.has(name));
  if (missingApi.length)
    checks.push({
      status: 'fail',
      label: `${label}: Gateway API types`,
      detail: `missing: ${missingApi.join(', ')}`,
      hint: `Kong Gateway is configured with the Gateway API. Install its standard types (v1.5.1 is the bundle Kong Operator 2.2 ships), for example: ${INSTALL_GATEWAY_API}`,
    });
  else {
    const bundle = str(record(at(found.get('gateways.gateway.networking.k8s.io'), 'metadata', 'annotations'))[BUNDLE_VERSION]);
    const minor = bundle ? minorOf(bundle) : undefined;
    checks.push(
      minor && (minor[0] > 1 || (minor[0] === 1 && minor[1] >= 1))
        ? { status: 'ok', label: `${label}: Gateway API types (bundle ${bundle})` }
        : {
            status: 'warn',
            label: `${label}: Gateway API types (bundle ${bundle ?? 'version unknown'})`,
            hint: `crossmesh writes gateway.networking.k8s.io/v1 objects, which need bundle v1.1 or later; if the apply is refused, update them: ${INSTALL_GATEWAY_API}`,
          },
    );
  }

  const operator = deployments.exitCode === 0 ? parseJson(deployments.stdout, 'the list of Deployments') : undefined;
  const running = operator?.ok ? listItems(operator.value) : [];
  if (!found.has(KONG_OPERATOR_CRD) || !running.length) {
    const what = [
      ...(found.has(KONG_OPERATOR_CRD) ? [] : [`the type ${KONG_OPERATOR_CRD}`]),
      ...(running.length ? [] : [`a Deployment labelled ${KONG_OPERATOR_SELECTOR}`]),
    ];
    checks.push({
      status: 'fail',
      label: `${label}: Kong Operator installed`,
      detail: `missing: ${what.join(' and ')}${deployments.exitCode !== 0 ? ` (${deployments.stderr.trim()})` : ''}`,
      hint: `Install Kong Operator with Helm (crossmesh shows the commands and never runs them): ${INSTALL_KONG_OPERATOR.join('; then ')}`,
    });
  } else {
    const first = running[0];
    const labels = record(at(first, 'metadata', 'labels'));
    const version = str(labels['app.kubernetes.io/version']);
    const where = `${str(at(first, 'metadata', 'namespace')) ?? '?'}/${str(at(first, 'metadata', 'name')) ?? '?'}`;
    checks.push({ status: 'ok', label: `${label}: Kong Operator ${version ?? '(version unknown)'} (${where})` });
  }
  return checks;
}
