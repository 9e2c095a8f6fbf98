// The webhook server's certificate: self-signed, subjectAltName IP:127.0.0.1, made
// with the openssl CLI (argument array, no shell). The API servers trust it
// through the webhook configurations' caBundle.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServingCert {
  cert: Buffer;
  key: Buffer;
}

export async function makeServingCert(dir: string): Promise<ServingCert> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(dir, 'webhook.key');
  const certFile = path.join(dir, 'webhook.crt');
  await run('openssl', [
    'req',
    '-x509',
    '-nodes',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-keyout',
    keyFile,
    '-out',
    certFile,
    '-days',
    '30',
    '-subj',
    '/CN=crossmesh-kuma-standin',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  return { cert: readFileSync(certFile), key: readFileSync(keyFile) };
}
