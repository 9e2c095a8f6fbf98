// A minimal Kubernetes API client for the Kuma stand-in: HTTPS with Node's
// `https` module, the sandbox's bearer token and the API server's own CA file
// (certs-<name>/apiserver.crt, as in the kubeconfig). Keep-alive connections,
// so polling every 200 ms does not cost a TLS handshake each time.
import { readFileSync } from 'node:fs';
import * as https from 'node:https';
import { isObj, type KubeObject } from './json.js';
import type { ApiServerSettings } from './settings.js';

/** A non-2xx answer; `message` is the Status message the API server sent. */
export class KubeError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** True for an admission webhook's refusal (as opposed to an outage or a conflict). */
export const isAdmissionDenial = (e: unknown): boolean => e instanceof KubeError && /denied the request/.test(e.message);
export const isNotFound = (e: unknown): boolean => e instanceof KubeError && e.status === 404;
export const isConflict = (e: unknown): boolean => e instanceof KubeError && e.status === 409;

export class KubeClient {
  readonly context: string;
  private readonly base: string;
  private readonly agent: https.Agent;

  constructor(
    server: ApiServerSettings,
    private readonly token: string,
    private readonly timeoutMs = 5000,
  ) {
    this.context = server.context;
    this.base = server.url.replace(/\/$/, '');
    this.agent = new https.Agent({ ca: readFileSync(server.caFile), keepAlive: true, maxSockets: 8 });
  }

  request<T = KubeObject>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<T>((resolve, reject) => {
      const req = https.request(
        `${this.base}${path}`,
        {
          method,
          agent: this.agent,
          headers: {
            Authorization: `Bearer ${this.token}`,
            Accept: 'application/json',
            ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (text += c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            let doc: unknown;
            try {
              doc = text ? JSON.parse(text) : {};
            } catch {
              doc = undefined;
            }
            if (status >= 200 && status < 300) return resolve((doc ?? {}) as T);
            const msg = isObj(doc) && typeof doc['message'] === 'string' ? doc['message'] : text.slice(0, 300);
            reject(new KubeError(status, `${this.context}: ${method} ${path}: HTTP ${status}: ${msg}`));
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(this.timeoutMs, () =>
        req.destroy(new Error(`${this.context}: ${method} ${path}: timed out after ${this.timeoutMs} ms`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(path: string): Promise<KubeObject> {
    return this.request('GET', path);
  }

  /** The object, or null when it does not exist. */
  async getOrNull(path: string): Promise<KubeObject | null> {
    try {
      return await this.get(path);
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  async list(path: string): Promise<KubeObject[]> {
    const r = await this.request<{ items?: KubeObject[] }>('GET', path);
    return Array.isArray(r.items) ? r.items : [];
  }

  create(path: string, obj: unknown, dryRun = false): Promise<KubeObject> {
    return this.request('POST', dryRun ? `${path}?dryRun=All` : path, obj);
  }

  replace(path: string, obj: unknown): Promise<KubeObject> {
    return this.request('PUT', path, obj);
  }

  mergePatch(path: string, patch: unknown): Promise<KubeObject> {
    return this.request('PATCH', path, patch, 'application/merge-patch+json');
  }

  /** Server-side apply (create or update in one call). */
  apply(path: string, obj: unknown): Promise<KubeObject> {
    return this.request('PATCH', `${path}?fieldManager=crossmesh-kuma-standin&force=true`, obj, 'application/apply-patch+yaml');
  }

  /** Deletes; a missing object counts as deleted. */
  async remove(path: string): Promise<void> {
    try {
      await this.request('DELETE', path);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }
}

/** REST paths of the kinds the stand-in reads and writes. */
export const paths = {
  kuma: (plural: string, name?: string, namespace?: string) =>
    `/apis/kuma.io/v1alpha1${namespace ? `/namespaces/${namespace}` : ''}/${plural}${name ? `/${encodeURIComponent(name)}` : ''}`,
  service: (namespace: string, name?: string) => `/api/v1/namespaces/${namespace}/services${name ? `/${encodeURIComponent(name)}` : ''}`,
  configMap: (namespace: string, name?: string) =>
    `/api/v1/namespaces/${namespace}/configmaps${name ? `/${encodeURIComponent(name)}` : ''}`,
  crd: (name?: string) => `/apis/apiextensions.k8s.io/v1/customresourcedefinitions${name ? `/${name}` : ''}`,
  webhooks: (type: 'mutating' | 'validating', name: string) => `/apis/admissionregistration.k8s.io/v1/${type}webhookconfigurations/${name}`,
};
