/**
 * crossmesh config migrate [--config FILE] [--write]: the version 2 form of a crossmesh.yaml (version 1
 * or 2), printed, or written over the file after keeping the old one as FILE.v1.bak. The file it writes
 * reads back as the same configuration, so every command plans exactly what it planned before.
 */
import { existsSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, loadConfigFile, parseConfigText, renderConfig } from '../config/file.js';
import { writeFileAtomic } from '../lib/fs-atomic.js';
import { errorCode, errorMessage } from '../lib/guards.js';
import type { CrossmeshConfig } from '../config/types.js';
import { EXIT } from '../model/exit-codes.js';

export interface MigrateIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface MigrateOptions {
  /** the configuration file, --config FILE or crossmesh.yaml */
  file: string;
  /** whether --config named it */
  fileGiven: boolean;
  /** --write: replace the file instead of printing */
  write: boolean;
}

/** Where --write keeps the file it replaces. */
export function backupPath(file: string): string {
  return `${file}.v1.bak`;
}

/**
 * Whether two configurations plan the same. Mesh keys aside: a version 1 file keys its meshes by slot
 * (mesh1, mesh2) whatever their names, version 2 by name, and a key shows in no manifest or text.
 */
export function sameConfiguration(a: CrossmeshConfig, b: CrossmeshConfig): boolean {
  return isDeepStrictEqual(keyedByName(a), keyedByName(b));
}

function keyedByName(config: CrossmeshConfig): CrossmeshConfig {
  const name = (key: string) => config.meshes.find((m) => m.key === key)?.name ?? key;
  return {
    ...config,
    meshes: config.meshes.map((m) => ({ ...m, key: m.name })),
    links: config.links.map((l) => ({ from: name(l.from), to: name(l.to) })),
  };
}

/** Runs the command; every outcome is an exit code and a message, never a thrown error (but for a bug). */
export function configMigrate(o: MigrateOptions, io: MigrateIo): number {
  const fail = (code: number, message: string): number => {
    io.stderr.write(`crossmesh: ${message}\n`);
    return code;
  };
  if (!existsSync(o.file))
    return fail(
      EXIT.usage,
      `${o.file} does not exist, so there is nothing to migrate: without a file crossmesh uses the defaults ("crossmesh plan" shows them).` +
        (o.fileGiven ? ' Check the path given to --config.' : ' Name the file to migrate with --config FILE.'),
    );
  let loaded;
  try {
    loaded = loadConfigFile(o.file);
  } catch (err) {
    if (err instanceof ConfigError) return fail(EXIT.usage, err.message);
    throw err;
  }
  const rendered = renderConfig(loaded.config);
  // the point of the command: the new file gives the same configuration, so the same plan
  if (!sameConfiguration(parseConfigText(rendered, o.file), loaded.config))
    throw new Error(`the version 2 form of ${o.file} does not read back as the same configuration; ${o.file} was left as it is`);

  if (!o.write) {
    io.stdout.write(rendered);
    if (loaded.version === 2) io.stderr.write(`crossmesh: ${o.file} is already version 2; printed it with every setting written out.\n`);
    return EXIT.ok;
  }
  if (loaded.version === 2) {
    io.stdout.write(`${o.file} is already version 2: nothing to change.\n`);
    return EXIT.ok;
  }

  const backup = backupPath(o.file);
  let target: string;
  let mode: number;
  try {
    // a link to the file stays a link: the file it points to gets the new text
    target = realpathSync(o.file);
    mode = statSync(target).mode & 0o777;
  } catch (err) {
    return fail(EXIT.failed, `cannot read ${o.file} (${errorCode(err) ?? errorMessage(err)}); nothing was changed.`);
  }
  try {
    // 'wx': never overwrite a backup, even one made a moment ago by another run
    writeFileSync(backup, loaded.bytes, { flag: 'wx', mode });
  } catch (err) {
    if (errorCode(err) === 'EEXIST')
      return fail(
        EXIT.failed,
        `${backup} already exists, so ${o.file} was left as it is: an earlier migration may have kept the version 1 file there. ` +
          `Move ${backup} away (or delete it) and run "crossmesh config migrate --write" again.`,
      );
    return fail(EXIT.failed, `cannot write ${backup} (${errorCode(err) ?? errorMessage(err)}); ${o.file} was left as it is.`);
  }
  try {
    writeFileAtomic(target, rendered, mode);
  } catch (err) {
    rmSync(backup, { force: true });
    return fail(EXIT.failed, `cannot write ${o.file} (${errorCode(err) ?? errorMessage(err)}); it was left as it is.`);
  }
  const lines = [
    `Wrote ${o.file} in the version 2 form (zones, meshes, links); the version 1 file is kept as ${backup}.`,
    'It reads as the same configuration: every command plans exactly what it planned before.',
  ];
  if (hasOwnComments(loaded.text)) lines.push(`Comments are not carried over: ${backup} still has them.`);
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

/** The header the wizard wrote into version 1 files: no comment of the user's. */
const VERSION1_HEADER = [
  '# crossmesh configuration: written by the wizard, read on the next run.',
  "# Every key is optional; missing keys take the guide's defaults.",
];

/** Whether the text has comments the version 2 form loses (the wizard's own header aside). */
function hasOwnComments(text: string): boolean {
  return text.split(/\r?\n/).some((line) => !VERSION1_HEADER.includes(line) && /(^|\s)#/.test(line));
}
