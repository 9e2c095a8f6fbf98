// Watchdog for sandboxes started from tests: `reaper.ts <ownerPid> <state.json>`.
// Started detached by startSandbox(); when the owner process (the test runner)
// is gone without having called stop() — killed, crashed, timed out — it stops
// exactly the PIDs recorded in state.json. It exits by itself when the state
// file disappears or all recorded processes are gone.
import { readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pidAlive } from './build.js';
import { procAlive, stopProc, type ProcRecord } from './procs.js';

const [ownerArg, stateFile] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!Number.isInteger(owner) || !stateFile) {
  process.stderr.write('usage: reaper.ts <ownerPid> <state.json>\n');
  process.exit(2);
}

function procs(): ProcRecord[] | null {
  try {
    return (JSON.parse(readFileSync(stateFile!, 'utf8')) as { procs: ProcRecord[] }).procs;
  } catch {
    return null;
  }
}

const timer = setInterval(() => {
  const list = procs();
  if (!list || !list.some((p) => procAlive(p))) {
    clearInterval(timer);
    return;
  }
  if (pidAlive(owner)) return;
  clearInterval(timer);
  const apiservers = list.filter((p) => p.name !== 'etcd');
  void Promise.all(apiservers.map((p) => stopProc(p, 5000)))
    .then(() => Promise.all(list.filter((p) => p.name === 'etcd').map((p) => stopProc(p, 5000))))
    .finally(() => {
      // Same rule as Sandbox.stop(): remove the sandbox dir only if it is a temp dir.
      const dir = path.dirname(stateFile);
      if (dir.startsWith('/dev/shm/') || dir.startsWith(os.tmpdir() + path.sep)) rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
}, 1000);
