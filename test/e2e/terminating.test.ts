// A namespace left Terminating is its own state, with its own hint: not "in sync", not RBAC.
import { describe, it, expect } from 'vitest';
import { useSandbox } from '../sandbox/fixture.js';
import { scenario, crossmesh, kubectl } from './support.js';

const sb = useSandbox();
const ADDRESSES = ['--gateway-address', 'mesh1=203.0.113.95', '--gateway-address', 'mesh2=203.0.113.96'];

describe.skipIf(!sb)('a namespace being deleted', () => {
  it('status says "being deleted" with a hint; apply stops before sending anything, with the same hint', async () => {
    const s = scenario(sb!, 'tm');
    expect((await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES])).exitCode).toBe(0);
    // no namespace controller runs in the sandbox: the namespace stays Terminating, as one with a stuck finalizer does
    expect((await kubectl(sb!, 'c2', ['delete', 'namespace', s.names.ns.c2m2, '--wait=false'])).exitCode).toBe(0);

    const status = await crossmesh(s, ['status']);
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/namespaces\s+being deleted/);
    expect(status.stdout).toContain(`being deleted: Namespace ${s.names.ns.c2m2} on c2`);
    expect(status.stdout).toMatch(/hint: It is being deleted \(Terminating\): nothing can be applied to it/);

    const r = await crossmesh(s, ['apply', '--yes', '--no-verify', ...ADDRESSES]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain(`Namespace ${s.names.ns.c2m2} on c2 is being deleted (Terminating).`);
    expect(r.stdout).toMatch(/hint: It is being deleted \(Terminating\)/);
    expect(r.stdout).not.toMatch(/RBAC/);
  });
});
