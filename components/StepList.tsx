import React from 'react';
import { Box, Text } from 'ink';
import type { WizardState, StepStatus } from '../src/tui/state.js';
import { markWidth, stepMark, type Marks } from '../src/render/symbols.js';
import { useTheme, useColor } from './theme.js';

/** every mark a step can have (see stepMark) */
const STEP_MARKS: ReadonlyArray<keyof Marks> = ['ok', 'fail', 'pending', 'current', 'skipped', 'rehearsed'];

const LABEL: Partial<Record<StepStatus, string>> = {
  'in-sync': 'in sync',
  rehearsed: 'rehearsed',
  skipped: 'skipped',
  failed: 'failed',
  applied: 'applied',
  checked: 'checked',
};

// hand-written, not @inkjs/ui's StatusMessage: a step can also be current, pending, skipped or rehearsed, which StatusMessage has no variant for
/**
 * The steps that fit in `height` rows: all of them when they fit, otherwise a window that keeps the
 * current step in view, with a line above and below that says how many are hidden.
 */
export function visibleSteps<T extends { status: StepStatus }>(steps: readonly T[], height: number | undefined) {
  if (height === undefined || steps.length <= height) return { shown: steps.map((s, i) => ({ step: s, index: i })), above: 0, below: 0 };
  const room = Math.max(1, height - 2);
  const current = Math.max(
    0,
    steps.findIndex((s) => s.status === 'current'),
  );
  const start = Math.min(Math.max(0, current - Math.floor(room / 2)), steps.length - room);
  return {
    shown: steps.slice(start, start + room).map((s, i) => ({ step: s, index: start + i })),
    above: start,
    below: steps.length - start - room,
  };
}

export function StepList({ steps, width = 26, height }: { steps: WizardState['steps']; width?: number; height?: number }) {
  const { symbols } = useTheme();
  const color = useColor();
  // ASCII marks differ in width ("[ok]", ">"): pad them so the numbers stay in one column
  const columnWidth = markWidth(symbols, STEP_MARKS);
  // the title line takes one row
  const window = visibleSteps(steps, height === undefined ? undefined : height - 1);
  const tone = (s: StepStatus) =>
    s === 'current'
      ? 'cyan'
      : s === 'failed'
        ? 'red'
        : s === 'skipped' || s === 'pending'
          ? 'gray'
          : s === 'rehearsed'
            ? 'magenta'
            : 'green';
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      <Text bold>Steps</Text>
      {window.above ? <Text dimColor>{`${symbols.above} ${window.above} more`}</Text> : null}
      {window.shown.map(({ step: s, index: i }) => (
        <Text key={s.id} color={color(tone(s.status))} bold={s.status === 'current'} wrap="truncate-end">
          {symbols[stepMark(s.status)].padEnd(columnWidth)} {i + 1}. {s.title}
          {LABEL[s.status] && width >= 30 ? <Text dimColor> ({LABEL[s.status]})</Text> : null}
        </Text>
      ))}
      {window.below ? <Text dimColor>{`${symbols.below} ${window.below} more`}</Text> : null}
    </Box>
  );
}
