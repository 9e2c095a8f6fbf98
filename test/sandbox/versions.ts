// Versions of everything the sandbox builds from Go modules. Changing one of
// these changes the cache key, so the next run rebuilds.
export const K8S_VERSION = 'v1.36.3'; // latest 1.36.x served by the Go module proxy (PROBE.md)
/** Staging modules (k8s.io/api, ...) are tagged v0.<minor>.<patch>. */
export const K8S_STAGING_VERSION = K8S_VERSION.replace(/^v1\./, 'v0.');
export const ETCD_VERSION = 'v3.6.16';
/** Kuma is NOT served by the Go module proxy here (HTTP 403, see PROBE.md). */
export const KUMA_VERSION = 'v2.14.3';
/** Bump when the build recipe (flags, layout) changes in a way the wrapper hash does not see. */
export const RECIPE_VERSION = '1';
/** Kong Operator release whose CRDs and Helm install the sandbox zones carry (not part of the binary cache key). */
export const KONG_OPERATOR_VERSION = 'v2.2.3';
/** Gateway API standard CRDs that Kong Operator v2.2.3 ships. */
export const GATEWAY_API_VERSION = 'v1.5.1';
