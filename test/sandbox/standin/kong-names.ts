// Names that a Helm install of Kong Operator v2.2.3 (chart kong-operator 1.3.1) and the operator
// itself use, shared by the sandbox start (sandbox.ts), the Kong Operator stand-in
// (kong-operator.ts) and the test helpers (standin-control.ts, gateway-sim.ts). Plain data only.
//
// Sources: the public repository Kong/kong-operator at tag v2.2.3 (charts/kong-operator,
// pkg/consts, controller/gateway), as listed in ../shared/docs/kong-gateway-notes.md.
import { KONG_OPERATOR_VERSION } from '../versions.js';

const appVersion = KONG_OPERATOR_VERSION.replace(/^v/, '');

/**
 * What `helm upgrade --install kong-operator kong/kong-operator -n kong-system --create-namespace`
 * leaves for a wizard to detect. The chart names the Deployment `<fullname>-controller-manager`,
 * where fullname is `<release>-<chart name>` (charts/kong-operator/templates/_helpers.tpl has no
 * "release already contains the chart name" shortcut), so release `kong-operator` gives
 * `kong-operator-kong-operator-controller-manager`. Detect it by its labels, not its name: another
 * release name (or the kustomize install, `gateway-operator-controller-manager`) changes the name.
 */
export const KONG_OPERATOR = {
  namespace: 'kong-system',
  release: 'kong-operator',
  chart: 'kong-operator-1.3.1',
  appVersion,
  deployment: 'kong-operator-kong-operator-controller-manager',
  container: 'manager',
  /** chart values image.repository + image.tag */
  image: `docker.io/kong/kong-operator:${appVersion}`,
  /** GatewayClass spec.controllerName the operator reconciles */
  controllerName: 'konghq.com/gateway-operator',
} as const;

/** Labels of the chart's Deployment (metaLabels + component `ko`; Helm adds managed-by). */
export const KONG_OPERATOR_LABELS = {
  'app.kubernetes.io/name': 'kong-operator',
  'helm.sh/chart': KONG_OPERATOR.chart,
  'app.kubernetes.io/instance': KONG_OPERATOR.release,
  'app.kubernetes.io/version': appVersion,
  'app.kubernetes.io/component': 'ko',
  'app.kubernetes.io/managed-by': 'Helm',
} as const;

/** The chart's Deployment selector (kong.selectorLabels). */
export const KONG_OPERATOR_SELECTOR = {
  'app.kubernetes.io/name': 'kong-operator',
  'app.kubernetes.io/component': 'ko',
  'app.kubernetes.io/instance': KONG_OPERATOR.release,
} as const;

/** Label keys and values on the DataPlane ingress Service the operator makes for a Gateway. */
export const KONG_SERVICE_LABELS = {
  /** pkg/consts GatewayOperatorManagedByLabel; value `dataplane` on the DataPlane's Services */
  managedBy: 'gateway-operator.konghq.com/managed-by',
  managedByValue: 'dataplane',
  /** pkg/consts DataPlaneServiceTypeLabel; value `ingress` (the public Service), `admin` otherwise */
  serviceType: 'gateway-operator.konghq.com/dataplane-service-type',
  serviceTypeValue: 'ingress',
  /** GEP-1762 label the operator puts on the ingress Service (controller/gateway setGatewayNameLabelInDataPlane) */
  gatewayName: 'gateway.networking.k8s.io/gateway-name',
} as const;

/** Label selector that finds the ingress Service of Gateway `gateway` (in the Gateway's namespace). */
export const kongIngressServiceSelector = (gateway: string): string =>
  [
    `${KONG_SERVICE_LABELS.managedBy}=${KONG_SERVICE_LABELS.managedByValue}`,
    `${KONG_SERVICE_LABELS.serviceType}=${KONG_SERVICE_LABELS.serviceTypeValue}`,
    `${KONG_SERVICE_LABELS.gatewayName}=${gateway}`,
  ].join(',');

/**
 * Test barrier (not part of Kong): ConfigMap `kube-system/crossmesh-kong-operator-standin` on each
 * zone. A test writes data.ping; the stand-in reads it at the start of its pass over that zone and
 * writes the same value to data.pong at the end, so pong == ping proves a whole pass ran after the
 * test's change (standin-control.ts `waitForKongOperatorPass`).
 */
export const KONG_CONTROL = {
  namespace: 'kube-system',
  name: 'crossmesh-kong-operator-standin',
  pingKey: 'ping',
  pongKey: 'pong',
} as const;
