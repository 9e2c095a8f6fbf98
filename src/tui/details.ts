import type { WizardState } from './state.js';
import type { Step } from '../model/types.js';
import { describeTarget } from '../model/plan.js';

/** Breaks text into lines of at most `width` characters, at spaces where it can. */
export function wrapText(text: string, width: number, indent = ''): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      const next = line ? `${line} ${word}` : word;
      if (next.length <= width - indent.length || !line) line = next;
      else {
        out.push(indent + line);
        line = word;
      }
      while (line.length > width - indent.length) {
        out.push(indent + line.slice(0, width - indent.length));
        line = line.slice(width - indent.length);
      }
    }
    out.push(indent + line);
  }
  return out;
}

/**
 * Everything the wizard knows about the current step, whole: what the main screen cuts to fit
 * (targets, commands, the explanation, every check with its detail and hint, the full log) can be
 * read here, a screen at a time.
 */
export function detailLines(state: WizardState, step: Step | undefined, width: number): string[] {
  const lines: string[] = [];
  const section = (title: string, body: string[]) => {
    if (!body.length) return;
    lines.push('', title, ...body);
  };
  if (step) {
    lines.push(step.title, ...wrapText(step.explanation.summary, width));
    section('The idea', wrapText(step.explanation.concept, width));
    section('Why this step', wrapText(step.explanation.why, width));
    section(
      'Where the guide is wrong or unclear',
      step.fixes.flatMap((f) => wrapText(`${f.title}. Guide: ${f.guide} crossmesh: ${f.crossmesh}`, width, '  ')),
    );
  }
  section(
    'Manifests',
    state.preview.flatMap((item) => [
      ...wrapText(`${item.manifest.purpose}`, width, '  '),
      ...wrapText(`goes to ${describeTarget(item.target)}`, width, '    '),
      ...wrapText(`command ${item.command}`, width, '    '),
    ]),
  );
  if (state.diff)
    section(
      'Live comparison',
      state.diff.split('\n').flatMap((l) => wrapText(l, width, '  ')),
    );
  section(
    'Log',
    state.log.flatMap((l) => wrapText(l.text, width, '  ')),
  );
  section(
    'Checks',
    state.checks.flatMap((c) => [
      ...wrapText(`${c.status === 'ok' ? 'ok  ' : c.status === 'warn' ? 'warn' : 'FAIL'} ${c.label}`, width, '  '),
      ...(c.detail ? wrapText(c.detail, width, '        ') : []),
      ...(c.hint ? wrapText(`hint: ${c.hint}`, width, '        ') : []),
    ]),
  );
  if (state.failure)
    section(`${state.failure.phase} failed`, [
      ...wrapText(state.failure.command, width, '  '),
      ...wrapText(state.failure.message, width, '  '),
      ...wrapText(`hint: ${state.failure.hint}`, width, '  '),
    ]);
  if (state.finished) section('Result', wrapText(state.finished.message, width, '  '));
  return lines;
}
