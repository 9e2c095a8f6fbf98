// HTTPS server for the admission webhooks on 127.0.0.1. A bad request or a
// failing handler is logged and answered; it never stops the process.
import * as https from 'node:https';
import { reviewResponse, type AdmissionHandler, type AdmissionRequest } from './admission.js';
import { isObj } from './json.js';
import { errText, log } from './log.js';
import type { ServingCert } from './serving-cert.js';

const MAX_BODY = 8 * 1024 * 1024;

export function startWebhookServer(port: number, tls: ServingCert, routes: Map<string, AdmissionHandler>): Promise<https.Server> {
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const reply = (status: number, body: unknown) => {
      const text = typeof body === 'string' ? body : JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': typeof body === 'string' ? 'text/plain' : 'application/json' });
      res.end(text);
    };
    const handler = routes.get((req.url ?? '').split('?')[0] ?? '');
    if (req.method !== 'POST' || !handler) {
      log(`webhook: ${req.method} ${req.url}: no such webhook`);
      return reply(404, 'no such webhook\n');
    }
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('error', (e) => log(`webhook: ${req.url}: request error: ${errText(e)}`));
    req.on('end', () => {
      if (size > MAX_BODY) return reply(413, 'request too large\n');
      let request: AdmissionRequest;
      try {
        const doc: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const r = isObj(doc) ? doc['request'] : undefined;
        if (!isObj(r) || typeof r['uid'] !== 'string' || !isObj(r['kind'])) throw new Error('not an AdmissionReview with a request');
        request = r as unknown as AdmissionRequest;
      } catch (e) {
        log(`webhook: ${req.url}: bad request: ${errText(e)}`);
        return reply(400, `bad AdmissionReview: ${errText(e)}\n`);
      }
      handler(request).then(
        (verdict) => {
          if (!verdict.allowed)
            log(
              `webhook ${req.url}: denied ${request.operation} ${request.kind.kind} ${request.namespace ?? ''}/${request.name ?? ''}: ${verdict.message}`,
            );
          reply(200, reviewResponse(request.uid, verdict));
        },
        (e: unknown) => {
          log(`webhook ${req.url}: ${request.operation} ${request.kind.kind} ${request.name ?? ''} failed: ${errText(e)}`);
          reply(200, reviewResponse(request.uid, { allowed: false, code: 500, message: `kuma stand-in could not decide: ${errText(e)}` }));
        },
      );
    });
  });
  server.on('clientError', (e, socket) => {
    log(`webhook: client error: ${errText(e)}`);
    socket.destroy();
  });
  server.on('tlsClientError', (e) => log(`webhook: TLS client error: ${errText(e)}`));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      server.on('error', (e) => log(`webhook server error: ${errText(e)}`));
      resolve(server);
    });
  });
}
