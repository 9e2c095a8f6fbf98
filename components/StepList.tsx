import React from 'react';
import { Box, Text } from 'ink';
import type { WizardState, StepStatus } from '../src/tui/state.js';
import { useTheme, useColor } from './theme.js';

const LABEL: Partial<Record<StepStatus, string>> = {
  'in-sync': 'in sync',
  rehearsed: 'rehearsed',
  skipped: 'skipped',
  failed: 'failed',
  applied: 'applied',
  checked: 'checked',
};

export function StepList({ steps, width = 26 }: { steps: WizardState['steps']; width?: number }) {
  const { symbols } = useTheme();
  const color = useColor();
  const mark = (s: StepStatus) =>
    s === 'current'
      ? symbols.current
      : s === 'pending'
        ? symbols.pending
        : s === 'failed'
          ? symbols.fail
          : s === 'skipped'
            ? symbols.skip
            : s === 'rehearsed'
              ? symbols.rehearsed
              : symbols.ok;
  // ASCII marks differ in width ("[ok]", ">"): pad them so the numbers stay in one column
  const markWidth = Math.max(...Object.values(symbols).map((x) => x.length));
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
          {mark(s.status).padEnd(markWidth)} {i + 1}. {s.title}
          {LABEL[s.status] && width >= 30 ? <Text dimColor> ({LABEL[s.status]})</Text> : null}
        </Text>
      ))}
    </Box>
  );
}
