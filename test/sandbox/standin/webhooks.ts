// Registers the stand-in's webhooks with the API servers, and checks that each
// API server already calls them (a webhook configuration takes effect a moment
// after it is written).
import { isAdmissionDenial, paths, type KubeClient } from './kube-client.js';
import { errText, logThrottled } from './log.js';

export const WEBHOOK_NAMES = {
  ownerReference: 'owner-reference.kuma-admission.kuma.io',
  validator: 'validator.kuma-admission.kuma.io',
} as const;

const CONFIG_NAME = 'crossmesh-kuma-standin';

/** URL path of each webhook on the stand-in's server. */
export const routes = {
  ownerReference: (zone: string) => `/zones/${zone}/owner-reference`,
  zoneValidator: (zone: string) => `/zones/${zone}/validate`,
  globalValidator: '/global/validate',
};

function webhook(name: string, url: string, caBundle: string, operations: string[]) {
  return {
    name,
    admissionReviewVersions: ['v1'],
    // sideEffects None: the API server calls the webhook for dry runs too ("dry runs included", kuma-notes)
    sideEffects: 'None',
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    timeoutSeconds: 10,
    clientConfig: { url, caBundle },
    rules: [{ apiGroups: ['kuma.io'], apiVersions: ['*'], operations, resources: ['*'], scope: '*' }],
  };
}

const config = (kind: 'MutatingWebhookConfiguration' | 'ValidatingWebhookConfiguration', webhooks: unknown[]) => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind,
  metadata: { name: CONFIG_NAME, labels: { 'app.kubernetes.io/managed-by': 'crossmesh-kuma-standin' } },
  webhooks,
});

export async function registerZoneWebhooks(client: KubeClient, zone: string, base: string, caBundle: string): Promise<void> {
  await client.apply(
    paths.webhooks('mutating', CONFIG_NAME),
    config('MutatingWebhookConfiguration', [
      webhook(WEBHOOK_NAMES.ownerReference, base + routes.ownerReference(zone), caBundle, ['CREATE', 'UPDATE']),
    ]),
  );
  await client.apply(
    paths.webhooks('validating', CONFIG_NAME),
    config('ValidatingWebhookConfiguration', [
      webhook(WEBHOOK_NAMES.validator, base + routes.zoneValidator(zone), caBundle, ['CREATE', 'UPDATE']),
    ]),
  );
}

export async function registerGlobalWebhooks(client: KubeClient, base: string, caBundle: string): Promise<void> {
  await client.apply(
    paths.webhooks('validating', CONFIG_NAME),
    config('ValidatingWebhookConfiguration', [
      webhook(WEBHOOK_NAMES.validator, base + routes.globalValidator, caBundle, ['CREATE', 'UPDATE', 'DELETE']),
    ]),
  );
}

const PROBE = 'crossmesh-standin-probe';

/** True once `create` (a server-side dry run) is refused by the named webhook. */
async function refusedBy(client: KubeClient, webhookName: string, path: string, obj: unknown): Promise<boolean> {
  try {
    await client.create(path, obj, true);
    logThrottled(
      `probe-${client.context}-${webhookName}`,
      `probe: ${client.context} accepted a dry run that ${webhookName} should refuse; waiting`,
    );
    return false;
  } catch (e) {
    if (isAdmissionDenial(e) && errText(e).includes(webhookName)) return true;
    logThrottled(`probe-${client.context}-${webhookName}`, `probe: ${client.context}: ${errText(e)}`);
    return false;
  }
}

/** Both zone webhooks answer: a policy of a missing mesh, and a Mesh naming another zone, are refused. */
export async function zoneWebhooksAnswer(client: KubeClient, systemNamespace: string): Promise<boolean> {
  const mtp = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshTrafficPermission',
    metadata: { name: PROBE, namespace: systemNamespace, labels: { 'kuma.io/mesh': PROBE, 'kuma.io/origin': 'zone' } },
    spec: { targetRef: { kind: 'Mesh' } },
  };
  const mesh = { apiVersion: 'kuma.io/v1alpha1', kind: 'Mesh', metadata: { name: PROBE, labels: { 'kuma.io/zone': PROBE } }, spec: {} };
  return (
    (await refusedBy(client, WEBHOOK_NAMES.ownerReference, paths.kuma('meshtrafficpermissions', undefined, systemNamespace), mtp)) &&
    (await refusedBy(client, WEBHOOK_NAMES.validator, paths.kuma('meshes'), mesh))
  );
}

/** The global validator answers: a MeshGatewayInstance is refused. */
export async function globalWebhooksAnswer(client: KubeClient, systemNamespace: string): Promise<boolean> {
  const mgi = {
    apiVersion: 'kuma.io/v1alpha1',
    kind: 'MeshGatewayInstance',
    metadata: { name: PROBE, namespace: systemNamespace },
    spec: { replicas: 1 },
  };
  return refusedBy(client, WEBHOOK_NAMES.validator, paths.kuma('meshgatewayinstances', undefined, systemNamespace), mgi);
}
