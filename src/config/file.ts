import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { Document, isMap, isSeq } from 'yaml';
import { validateConfig, type ConfigProblem } from './validate.js';
import { isObj } from './reader.js';
import type { CrossmeshConfig } from './types.js';
import { defaultConfig } from './defaults.js';
import { readYaml } from './document.js';
import { MAX_CONFIG_BYTES, MAX_LISTING_CHARS, MAX_SHOWN_PROBLEMS, MAX_QUOTED_CHARS, clip, printable, quote } from './limits.js';
import { writeFileAtomic } from '../lib/fs-atomic.js';
import { errorCode } from '../lib/guards.js';

export const DEFAULT_CONFIG_FILE = 'crossmesh.yaml';

type LocatedProblem = ConfigProblem & { line?: number };

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    /** every problem found; the message lists the first few */
    readonly problems: LocatedProblem[],
  ) {
    super(
      `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:\n` +
        shownProblemLines(problems).join('\n') +
        `\nFix ${problems.length === 1 ? 'it' : 'them'} in ${file}, or move the file away to start from the defaults.`,
    );
  }
}

function problemLine(p: LocatedProblem): string {
  return clip(printable(`  ${p.line ? `line ${p.line}: ` : ''}${displayPath(p.path)}: ${p.message}`));
}

/** A path as written, unless it holds a key too long or too strange to repeat as it is. */
function displayPath(path: string): string {
  return path.length <= MAX_QUOTED_CHARS && !/[^\x20-\x7e]/.test(path) ? path : quote(path);
}

/** The first problems, as many as fit in MAX_SHOWN_PROBLEMS lines and MAX_LISTING_CHARS, then how many are left. */
function shownProblemLines(problems: LocatedProblem[]): string[] {
  const shown: string[] = [];
  let size = 0;
  for (const p of problems) {
    const line = problemLine(p);
    if (shown.length === MAX_SHOWN_PROBLEMS || (shown.length > 0 && size + line.length > MAX_LISTING_CHARS)) break;
    shown.push(line);
    size += line.length + 1;
  }
  const rest = problems.length - shown.length;
  if (rest > 0) shown.push(`  ... and ${rest} more ${rest === 1 ? 'problem' : 'problems'}`);
  return shown;
}

export type LoadedConfig = { config: CrossmeshConfig; file: string; exists: boolean };

/** Reads and validates a configuration file; a missing default file means "use the defaults". */
export function loadConfig(file: string, { mustExist = false } = {}): LoadedConfig {
  if (!existsSync(file)) {
    if (mustExist) throw new ConfigError(file, [{ path: '(file)', message: 'does not exist: check the path given to --config' }]);
    return { config: defaultConfig(), file, exists: false };
  }
  return { config: parseConfigText(decodeConfigBytes(readConfigBytes(file), file), file), file, exists: true };
}

/** The bytes of the file, refused when it is larger than MAX_CONFIG_BYTES (read no further than that). */
function readConfigBytes(file: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw unreadable(file, err);
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_CONFIG_BYTES) throw tooLarge(file, size);
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > MAX_CONFIG_BYTES) throw tooLarge(file);
    return buffer.subarray(0, length);
  } catch (err) {
    throw err instanceof ConfigError ? err : unreadable(file, err);
  } finally {
    closeSync(fd);
  }
}

function unreadable(file: string, err: unknown): ConfigError {
  return new ConfigError(file, [{ path: '(file)', message: `cannot be read (${errorCode(err) ?? String(err)})` }]);
}

function tooLarge(file: string, size?: number): ConfigError {
  const limit = inKibOrMib(MAX_CONFIG_BYTES);
  const what = size === undefined ? `is larger than ${limit}` : `is ${size.toLocaleString('en-US')} bytes (${inKibOrMib(size)})`;
  return new ConfigError(file, [
    { path: '(file)', message: `${what}; crossmesh reads configuration files of at most ${limit}: is it the right file?` },
  ]);
}

function inKibOrMib(bytes: number): string {
  const MIB = 1024 * 1024;
  return bytes >= MIB ? `${(bytes / MIB).toFixed(1).replace(/\.0$/, '')} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** The file's text; a file that is not UTF-8 is refused with the line and byte where it stops being UTF-8. */
function decodeConfigBytes(bytes: Uint8Array, file = DEFAULT_CONFIG_FILE): string {
  const text = decodeUtf8(bytes);
  if (text !== undefined) return text;
  const offset = firstNonUtf8Character(bytes);
  const line = bytes.subarray(0, offset).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const byte = bytes[offset]!.toString(16).toUpperCase().padStart(2, '0');
  throw new ConfigError(file, [
    {
      path: '(file)',
      line,
      message: `is not UTF-8 text: the character at byte ${offset} (0x${byte}) is not valid UTF-8. Save the file as UTF-8`,
    },
  ]);
}

function decodeUtf8(bytes: Uint8Array, { partial = false } = {}): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: partial });
  } catch {
    return undefined;
  }
}

/** Offset of the first character that is not UTF-8, found by a binary search over the prefixes that still decode. */
function firstNonUtf8Character(bytes: Uint8Array): number {
  const decodesAsStart = (end: number): boolean => decodeUtf8(bytes.subarray(0, end), { partial: true }) !== undefined;
  let good = 0; // bytes[0, good) can begin UTF-8 text ...
  let bad = bytes.length + 1; // ... and bytes[0, bad) cannot (bytes.length + 1: the text ends inside a character)
  if (decodesAsStart(bytes.length)) good = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >>> 1;
    if (decodesAsStart(middle)) good = middle;
    else bad = middle;
  }
  // the byte at `good` breaks the text; the broken character starts there or at the lead byte of an unfinished one before it
  let start = Math.min(good, bytes.length - 1);
  while (start > 0 && start > good - 4 && decodeUtf8(bytes.subarray(0, start)) === undefined) start--;
  return start;
}

export function parseConfigText(text: string, file = DEFAULT_CONFIG_FILE): CrossmeshConfig {
  return parseConfigDocument(text, file).config;
}

/** The configuration a text holds, and the version it is written in (1 when it names none). */
export function parseConfigDocument(text: string, file = DEFAULT_CONFIG_FILE): { config: CrossmeshConfig; version: ConfigVersion } {
  const yaml = readYaml(text);
  if (!yaml.ok) throw new ConfigError(file, yaml.problems);
  const result = validateConfig(yaml.value);
  if (!result.ok)
    throw new ConfigError(
      file,
      result.problems.map((p) => ({ ...p, line: yaml.lineOf(p.path) })),
    );
  const raw = yaml.value;
  return { config: result.config, version: isObj(raw) && raw.version === 2 ? 2 : 1 };
}

export type ConfigVersion = 1 | 2;

/** An existing file as crossmesh reads it: its configuration, the version it is written in, its text and its bytes. */
export function loadConfigFile(file: string): { config: CrossmeshConfig; version: ConfigVersion; text: string; bytes: Uint8Array } {
  if (!existsSync(file)) throw new ConfigError(file, [{ path: '(file)', message: 'does not exist: check the path given to --config' }]);
  const bytes = readConfigBytes(file);
  const text = decodeConfigBytes(bytes, file);
  return { ...parseConfigDocument(text, file), text, bytes };
}

const HEADER = [
  '# crossmesh configuration (version 2), read on every run. Zones are the zone clusters (kube contexts);',
  '# each mesh has a namespace in every zone it spans and runs its gateway in its home zone; a link lets',
  "# mesh `from` call mesh `to` through to's gateway. The README's configuration section has every key.",
];

/**
 * The file as crossmesh writes it (the wizard's first run, crossmesh config migrate): version 2, with
 * every setting spelt out, echo, clients and passthrough too, so that reading it back gives the same
 * configuration and so the same plan. Takes the configuration as the file has it, before any prefix is
 * put in front of its names (withPrefix); its own `prefix` key, when it has one, is written.
 */
export function renderConfig(config: CrossmeshConfig): string {
  const meshName = (key: string) => config.meshes.find((m) => m.key === key)?.name ?? key;
  const doc = new Document({
    version: 2,
    ...(config.prefix ? { prefix: config.prefix } : {}),
    global: config.global,
    zones: config.zones.map((z) => ({ name: z.name, context: z.context, ...(z.zone !== z.name ? { zone: z.zone } : {}) })),
    meshes: config.meshes.map((m) => ({
      name: m.name,
      home: m.home,
      namespaces: m.namespaces,
      gateway: {
        kind: m.gateway.kind,
        name: m.gateway.name,
        port: m.gateway.port,
        ...(m.gateway.namespace ? { namespace: m.gateway.namespace } : {}),
        ...(m.gateway.address ? { address: m.gateway.address } : {}),
      },
      echo: m.echo,
      clients: m.clients,
      passthrough: m.passthrough,
    })),
    links: config.links.map((l) => ({ from: meshName(l.from), to: meshName(l.to) })),
    ...(config.systemNamespace ? { systemNamespace: config.systemNamespace } : {}),
    echo: { port: config.echo.port, image: config.echo.image },
    client: { image: config.client.image },
    ca: config.ca,
    gatewayWait: config.gatewayWait,
    meshSyncWait: config.meshSyncWait,
    drainWait: config.drainWait,
  });
  // one line for each small mapping or list; a mesh stays a block of its own
  const flow = (path: Array<string | number>) => {
    const node = doc.getIn(path, true);
    if (isMap(node) || isSeq(node)) node.flow = true;
  };
  for (const key of ['global', 'echo', 'client', 'ca']) flow([key]);
  config.zones.forEach((_, i) => flow(['zones', i]));
  config.links.forEach((_, i) => flow(['links', i]));
  config.meshes.forEach((_, i) => ['namespaces', 'gateway', 'echo', 'clients'].forEach((key) => flow(['meshes', i, key])));
  return `${HEADER.join('\n')}\n${doc.toString({ lineWidth: 0 })}`;
}

export function saveConfig(file: string, config: CrossmeshConfig): void {
  writeFileAtomic(file, renderConfig(config));
}
