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
export function StepList({ steps, width = 26 }: { steps: WizardState['steps']; width?: number }) {
  const { symbols } = useTheme();
  const color = useColor();
  // ASCII marks differ in width ("[ok]", ">"): pad them so the numbers stay in one column
  const columnWidth = markWidth(symbols, STEP_MARKS);
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
      {steps.map((s, i) => (
        <Text key={s.id} color={color(tone(s.status))} bold={s.status === 'current'} wrap="truncate-end">
          {symbols[stepMark(s.status)].padEnd(columnWidth)} {i + 1}. {s.title}
          {LABEL[s.status] && width >= 30 ? <Text dimColor> ({LABEL[s.status]})</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
