import { readFileSync, existsSync } from 'node:fs';
import { LineCounter, parseDocument, stringify, isNode, type Document } from 'yaml';
import { validateConfig, type ConfigProblem } from './validate.js';
import type { CrossmeshConfig } from './types.js';
import { defaultConfig } from './defaults.js';
import { writeFileAtomic } from '../fs-atomic.js';

export const DEFAULT_CONFIG_FILE = 'crossmesh.yaml';

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: Array<ConfigProblem & { line?: number }>,
  ) {
    super(
      `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        problems.map((p) => `  ${p.line ? `line ${p.line}: ` : ''}${p.path}: ${p.message}`).join('\n') +
        `\nFix ${problems.length === 1 ? 'it' : 'them'} in ${file}, or move the file away to start from the defaults.`,
    );
  }
}

export type LoadedConfig = { config: CrossmeshConfig; file: string; exists: boolean };

/** Reads and validates a configuration file; a missing default file means "use the defaults". */
export function loadConfig(file: string, { mustExist = false } = {}): LoadedConfig {
  if (!existsSync(file)) {
    if (mustExist) throw new ConfigError(file, [{ path: '(file)', message: 'does not exist: check the path given to --config' }]);
    return { config: defaultConfig(), file, exists: false };
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [{ path: '(file)', message: `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  return { config: parseConfigText(text, file), file, exists: true };
}

export function parseConfigText(text: string, file = DEFAULT_CONFIG_FILE): CrossmeshConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigError(
      file,
      doc.errors.map((e) => ({
        path: '(yaml)',
        message: `is not valid YAML: ${e.message.split('\n')[0]}`,
        line: lines.linePos(e.pos[0]).line,
      })),
    );
  }
  const result = validateConfig(doc.toJS());
  if (!result.ok) throw new ConfigError(file, result.problems.map((p) => ({ ...p, line: lineOf(doc, lines, p.path) })));
  return result.config;
}

function lineOf(doc: Document, lines: LineCounter, path: string): number | undefined {
  if (path.startsWith('(')) return undefined;
  const parts = path.split('.');
  const keyLine = (n: number): number | undefined => {
    const parent = n > 1 ? doc.getIn(parts.slice(0, n - 1), true) : doc.contents;
    if (!isNode(parent) || !('items' in parent)) return undefined;
    const pair = (parent.items as Array<{ key?: unknown }>).find((i) => isNode(i.key) && String((i.key as { value?: unknown }).value) === parts[n - 1]);
    return pair && isNode(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : undefined;
  };
  // the key itself when it is in the file (its value may start on a later line) ...
  const own = keyLine(parts.length);
  if (own) return own;
  // ... else the contents of the nearest mapping that is, where the missing key belongs
  for (let n = parts.length - 1; n > 0; n--) {
    const node = doc.getIn(parts.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}

/** The file as the wizard writes it: every setting, with short comments. */
export function renderConfig(config: CrossmeshConfig): string {
  const body = stringify({ version: 1, ...config }, { lineWidth: 0 });
  return `# crossmesh configuration: written by the wizard, read on the next run.\n# Every key is optional; missing keys take the guide's defaults.\n${body}`;
}

export function saveConfig(file: string, config: CrossmeshConfig): void {
  writeFileAtomic(file, renderConfig(config));
}
