import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';

/**
 * The name of one setup: its folder's name and a short hash of the folder's path. It is derived,
 * not stored, so a lost journal still yields the same name, and two folders never share one.
 * It goes on every object this setup creates (label crossmesh.io/setup), and teardown deletes
 * only objects that carry it.
 */
export function setupIdFor(configFile: string, prefix?: string): string {
  const folder = dirname(resolve(configFile));
  const hash = createHash('sha256').update(folder).digest('hex').slice(0, 8);
  const name = basename(folder)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '')
    .slice(0, 40 - (prefix ? prefix.length + 1 : 0));
  const id = name ? `${name}-${hash}` : hash;
  return prefix ? `${prefix}-${id}` : id;
}
