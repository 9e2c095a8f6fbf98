import React from 'react';
import { Box, Text } from 'ink';
import type { LogLine } from '../src/tui/state.js';
import type { CheckResult } from '../src/model/types.js';
import { StatusMessage } from '@inkjs/ui';
import { useColor, useTheme, variantOf } from './theme.js';

const TONE: Record<LogLine['tone'], string | undefined> = {
  info: undefined,
  ok: 'green',
  warn: 'yellow',
  fail: 'red',
  output: 'gray',
  dim: 'gray',
};

/** The tool output and actions of the current step, newest last; a line with a mark is @inkjs/ui's StatusMessage. */
export function ApplyLog({ lines, max }: { lines: LogLine[]; max: number }) {
  const color = useColor();
  const shown = lines.slice(-max);
  if (!shown.length) return null;
  return (
    <Box flexDirection="column" marginTop={1} flexShrink={0}>
      {shown.map((l) =>
        l.tone === 'ok' || l.tone === 'warn' || l.tone === 'fail' ? (
          <StatusMessage key={l.id} variant={variantOf(l.tone)}>
            <Text color={color(TONE[l.tone] ?? '')}>{l.text}</Text>
          </StatusMessage>
        ) : (
          <Text key={l.id} color={color(TONE[l.tone] ?? '')} wrap="truncate-end">
            {'  '}
            {l.text}
          </Text>
        ),
      )}
    </Box>
  );
}

/** detail and hint lines under a check (JSX text would lose these spaces to the formatter) */
const INDENT = '    ';

const SEVERITY: Record<CheckResult['status'], number> = { fail: 0, warn: 1, ok: 2 };

/** Check results, problems first, cut to `maxLines` so the screen never scrolls. */
export function Checks({
  results,
  maxLines = 1000,
  title = 'Checks',
}: {
  results: CheckResult[];
  maxLines?: number;
  title?: string | null;
}) {
  const color = useColor();
  const { symbols } = useTheme();
  if (!results.length) return null;
  const sorted = [...results].sort((a, b) => SEVERITY[a.status] - SEVERITY[b.status]);
  const shown: CheckResult[] = [];
  let used = 1;
  for (const c of sorted) {
    const cost = 1 + (c.status !== 'ok' ? (c.hint ? 1 : 0) + (c.detail ? 1 : 0) : 0);
    if (used + cost > maxLines - 1 && shown.length < sorted.length - 1) break;
    shown.push(c);
    used += cost;
  }
  const hidden = sorted.slice(shown.length);
  return (
    <Box flexDirection="column" marginTop={title ? 1 : 0} flexShrink={0}>
      {title ? <Text bold>{title}</Text> : null}
      {hidden.length ? (
        <Text dimColor>
          {symbols.ellipsis} {hidden.length} more ({hidden.filter((c) => c.status === 'ok').length} passed)
        </Text>
      ) : null}
      {shown.map((c, i) => (
        <Box key={i} flexDirection="column">
          <StatusMessage variant={variantOf(c.status)}>
            <Text color={color(TONE[c.status] ?? '')}>
              {c.label}
              {c.detail && c.status === 'ok' ? <Text dimColor>: {c.detail}</Text> : null}
            </Text>
          </StatusMessage>
          {c.detail && c.status !== 'ok' ? <Text wrap="truncate-end">{INDENT + c.detail}</Text> : null}
          {c.hint && c.status !== 'ok' ? (
            <Text wrap="truncate-end" dimColor>
              {INDENT}hint: {c.hint}
            </Text>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}
