/**
 * An injected runner that keeps applied objects per context, for unit tests of the engine's error
 * paths. It understands only the calls the engine makes (apply, get -f -, get meshes.kuma.io NAMES);
 * the end-to-end suite runs the real kubectl against real API servers.
 */
import { parseAllDocuments } from 'yaml';
import type { Runner, RunRequest, RunResult } from '../../src/adapter/runner.js';

type Json = Record<string, unknown>;

export interface FakeClusters {
  runner: Runner;
  calls: RunRequest[];
  objects: Map<string, Json>;
  /** Meshes the zone contexts have (the global's copies); tests add to it to play the sync */
  zoneMeshes: Map<string, Set<string>>;
  /** answers a call before the fake does; undefined lets the fake handle it */
  override?: (req: RunRequest) => Partial<RunResult> | undefined;
}

const OK: RunResult = { exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false };

function contextOf(req: RunRequest): string {
  const i = req.args.indexOf('--context');
  return i >= 0 ? req.args[i + 1]! : 'kumactl';
}

function keyOf(context: string, o: Json): string {
  const meta = (o['metadata'] ?? {}) as Json;
  return `${context}|${String(o['kind'] ?? o['type'])}|${String(meta['namespace'] ?? '')}|${String(meta['name'] ?? o['name'])}`;
}

function docs(input: string | undefined): Json[] {
  return parseAllDocuments(input ?? '')
    .map((d) => d.toJS() as Json)
    .filter(Boolean);
}

export function fakeClusters(): FakeClusters {
  const world: FakeClusters = { runner: async () => OK, calls: [], objects: new Map(), zoneMeshes: new Map() };
  world.runner = async (req) => {
    world.calls.push(req);
    const overridden = world.override?.(req);
    if (overridden) return { ...OK, ...overridden };
    const context = contextOf(req);
    const args = req.args;
    if (args.includes('apply')) {
      if (args.some((a) => a.startsWith('--dry-run'))) return OK;
      const lines = docs(req.input).map((o) => {
        const key = keyOf(context, o);
        const verb = world.objects.has(key) ? 'configured' : 'created';
        world.objects.set(key, o);
        return `${String(o['kind']).toLowerCase()}/${String(((o['metadata'] ?? {}) as Json)['name'])} ${verb}`;
      });
      return { ...OK, stdout: lines.join('\n') };
    }
    if (args.includes('get') && args.includes('-f')) {
      const items = docs(req.input).flatMap((o) => {
        const live = world.objects.get(keyOf(context, o));
        return live ? [live] : [];
      });
      return { ...OK, stdout: JSON.stringify({ kind: 'List', items }) };
    }
    if (args.includes('get') && args.includes('meshes.kuma.io')) {
      const have = world.zoneMeshes.get(context) ?? new Set();
      const names = args.slice(args.indexOf('meshes.kuma.io') + 1).filter((a) => !a.startsWith('-'));
      return {
        ...OK,
        stdout: names
          .filter((n) => have.has(n))
          .map((n) => `mesh.kuma.io/${n}`)
          .join('\n'),
      };
    }
    return OK;
  };
  return world;
}
