/**
 * Offline validation of Kuma manifests against the openAPIV3Schema of their CRDs
 * (../shared/kuma-crds/<version>/ relative to the repo root, or $CROSSMESH_SHARED/kuma-crds).
 *
 * Reusable: `const v = loadCrdValidator(); v.validate(object)` returns the errors, empty when valid.
 *
 * How the Kubernetes dialect is mapped onto JSON Schema:
 * - x-kubernetes-* keywords are removed (ajv runs with strict:false), except that
 *   x-kubernetes-int-or-string without an anyOf becomes anyOf [integer, string], and
 *   x-kubernetes-preserve-unknown-fields marks a subtree whose unknown fields are allowed.
 * - Unknown fields are rejected (additionalProperties:false wherever `properties` is given and the
 *   subtree does not preserve unknown fields), as `kubectl apply` does with its default
 *   --validate=strict: a misspelt field must fail here, not be silently pruned.
 * - metadata is `type: object` in every CRD; it is checked with a small ObjectMeta schema
 *   (name and namespace strings, labels and annotations maps of strings, no unknown fields).
 * - format keywords (int32, byte, date-time...) are not checked.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import AjvModule, { type ValidateFunction, type ErrorObject } from 'ajv';
import { REPO_ROOT, sharedDir } from './shared-folder.js';

// ajv is CommonJS: under NodeNext the default import is module.exports, whose .default is the class
const Ajv = AjvModule.default;
import { parseAllDocuments } from 'yaml';

export { REPO_ROOT, sharedDir };

export const DEFAULT_CRD_VERSION = 'v2.14.3';

/** The CRD folder of a Kuma version, relative to the shared folder. */
export function crdFolder(version = DEFAULT_CRD_VERSION): string {
  return join('kuma-crds', version);
}

export function crdDir(version = DEFAULT_CRD_VERSION): string {
  return join(sharedDir(), crdFolder(version));
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const OBJECT_META = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 253, pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$' },
    namespace: { type: 'string', minLength: 1, maxLength: 63, pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$' },
    labels: { type: 'object', additionalProperties: { type: 'string', maxLength: 63 } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['name'],
  additionalProperties: false,
};

/** Turns one CRD openAPIV3Schema node into plain JSON Schema (see the file comment). */
export function toJsonSchema(node: unknown, rejectUnknown = true): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, rejectUnknown));
  if (!isObj(node)) return node;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('x-kubernetes-')) continue;
    if (key === 'properties' && isObj(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v, rejectUnknown && !preserve)]));
    } else if (key === 'format' || key === 'description' || key === 'default') {
      continue;
    } else {
      out[key] = toJsonSchema(value, rejectUnknown && !preserve);
    }
  }
  if (node['x-kubernetes-int-or-string'] === true && !('anyOf' in node) && !('oneOf' in node)) {
    delete out.type;
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  if (rejectUnknown && !preserve && isObj(node.properties) && !('additionalProperties' in node)) out.additionalProperties = false;
  return out;
}

export interface CrdInfo {
  kind: string;
  group: string;
  scope: string;
  file: string;
  /** served versions and their raw openAPIV3Schema */
  versions: Map<string, unknown>;
}

export interface CrdValidator {
  crds: Map<string, CrdInfo>;
  /** errors of one object, empty when it is valid; throws when no CRD serves its kind and version */
  validate(object: unknown): string[];
}

function formatErrors(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map(
    (e) =>
      `${e.instancePath || '(root)'} ${e.message ?? 'is invalid'}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`,
  );
}

export function loadCrdValidator(version = DEFAULT_CRD_VERSION): CrdValidator {
  return loadCrdValidatorFrom(crdDir(version));
}

/** Kong Operator's CRDs and the Gateway API CRDs it ships (../shared/kong-operator-crds/<version>/). */
export const KONG_CRD_FOLDER = join('kong-operator-crds', 'v2.2.3');

export function loadCrdValidatorFrom(dir: string): CrdValidator {
  if (!existsSync(dir)) throw new Error(`CRD folder ${dir} does not exist (set CROSSMESH_SHARED to the shared folder)`);
  const crds = new Map<string, CrdInfo>();
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, file), 'utf8'))) {
      const crd = doc.toJS() as Json | null;
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      const spec = crd.spec as Json;
      const names = spec.names as Json;
      const versions = new Map<string, unknown>();
      for (const v of (spec.versions ?? []) as Json[]) {
        if (v.served !== true) continue;
        versions.set(String(v.name), (v.schema as Json | undefined)?.openAPIV3Schema);
      }
      crds.set(String(names.kind), { kind: String(names.kind), group: String(spec.group), scope: String(spec.scope), file, versions });
    }
  }
  // Kubernetes CRD patterns use escapes such as \- that the u flag rejects
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  const compiled = new Map<string, ValidateFunction>();

  return {
    crds,
    validate(object: unknown): string[] {
      if (!isObj(object)) return ['(root) must be an object'];
      const kind = String(object.kind);
      const crd = crds.get(kind);
      if (!crd) throw new Error(`no CRD in ${dir} has spec.names.kind ${kind}`);
      const [group, ver] = String(object.apiVersion).split('/');
      if (group !== crd.group || !ver) return [`apiVersion ${String(object.apiVersion)} does not belong to group ${crd.group}`];
      if (!crd.versions.has(ver)) return [`version ${ver} of ${kind} is not served (served: ${[...crd.versions.keys()].join(', ')})`];
      const key = `${kind}/${ver}`;
      let fn = compiled.get(key);
      if (!fn) {
        const schema = toJsonSchema(crd.versions.get(ver)) as Json;
        schema.properties = { ...(schema.properties as Json), metadata: OBJECT_META };
        schema.required = [...new Set([...((schema.required as string[] | undefined) ?? []), 'apiVersion', 'kind', 'metadata'])];
        fn = ajv.compile(schema);
        compiled.set(key, fn);
      }
      const errors = fn(object) ? [] : formatErrors(fn.errors);
      const meta = object.metadata as Json | undefined;
      if (crd.scope === 'Cluster' && meta && 'namespace' in meta)
        errors.push(`/metadata/namespace must be absent: ${kind} is cluster-scoped`);
      return errors;
    },
  };
}
