import type { EngineEvent } from '../engine/events.js';
import type { Style } from '../render/style.js';
import type { CheckResult } from '../model/types.js';

/** Turns engine events into plain lines: no spinners, no box drawing, one line per action. */
export function lineReporter(
  write: (line: string) => void,
  style: Style,
  opts: { showManifests?: boolean } = {},
): (e: EngineEvent) => void {
  const mark = (s: CheckResult['status'] | 'start' | 'skip') =>
    s === 'ok'
      ? style.paint('green', style.ok)
      : s === 'warn'
        ? style.paint('yellow', style.warn)
        : s === 'fail'
          ? style.paint('red', style.fail)
          : s === 'skip'
            ? style.skipped
            : '-';
  return (e) => {
    switch (e.type) {
      case 'run-start':
        write(
          e.rehearsal
            ? style.paint(
                'magenta',
                `REHEARSAL${e.rehearsalReason ? ` (${e.rehearsalReason})` : ''}: nothing will be applied; every command is shown as it would run.`,
              )
            : `crossmesh: ${e.steps.length} steps, starting at ${e.firstStep}`,
        );
        break;
      case 'step-start':
        write(style.paint('bold', `== step ${e.index + 1}/${e.total}: ${e.step}`));
        break;
      case 'preview':
        for (const item of e.items) {
          write(`   ${item.command}   # ${item.manifest.purpose}`);
          if (opts.showManifests) for (const l of item.yaml.trimEnd().split('\n')) write(`     ${l}`);
        }
        break;
      case 'activity':
        if (e.status !== 'start') write(`${mark(e.status)} ${e.label}${e.detail ? `: ${e.detail}` : ''}`);
        break;
      case 'waiting':
        if (Math.floor(e.elapsedMs / 10_000) !== Math.floor((e.elapsedMs - 2_000) / 10_000))
          write(`   still ${e.label} (${Math.round(e.elapsedMs / 1000)}s of ${Math.round(e.timeoutMs / 1000)}s)`);
        break;
      case 'output':
        write(`   ${e.tool}: ${e.line}`);
        break;
      case 'diff':
        for (const l of e.text.split('\n')) write(`   ${l}`);
        break;
      case 'checks':
        for (const c of e.results) {
          write(`${mark(c.status)} ${c.label}${c.detail ? `: ${c.detail}` : ''}`);
          if (c.hint && c.status !== 'ok') write(`   hint: ${c.hint}`);
        }
        break;
      case 'failure':
        write(`${mark('fail')} ${e.phase} failed: ${e.command}`);
        for (const l of e.message.split('\n')) write(`   ${l}`);
        write(`   hint: ${e.hint}`);
        break;
      case 'step-end':
        write(`${e.outcome === 'failed' ? mark('fail') : e.outcome === 'skipped' ? mark('skip') : mark('ok')} ${e.step}: ${e.outcome}`);
        break;
      case 'run-end':
        write(e.ok ? style.paint('green', e.message) : style.paint('red', e.message));
        break;
    }
  };
}
