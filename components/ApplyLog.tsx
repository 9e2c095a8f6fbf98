import React from 'react';
import { Box, Text } from 'ink';
import type { LogLine } from '../src/ui/state.js';
import type { CheckResult } from '../src/engine/types.js';
import { useColor, useTheme } from './theme.js';

const TONE: Record<LogLine['tone'], string | undefined> = { info: undefined, ok: 'green', warn: 'yellow', fail: 'red', output: 'gray', dim: 'gray' };

/** The tool output and actions of the current step, newest last. */
export function ApplyLog({ lines, max }: { lines: LogLine[]; max: number }) {
  const color = useColor();
  const { symbols } = useTheme();
  const shown = lines.slice(-max);
  if (!shown.length) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      {shown.map((l) => (
        <Text key={l.id} color={color(TONE[l.tone] ?? '')} wrap="truncate-end">
          {l.tone === 'ok' ? `${symbols.ok} ` : l.tone === 'fail' ? `${symbols.fail} ` : l.tone === 'warn' ? `${symbols.warn} ` : '  '}
          {l.text}
        </Text>
      ))}
    </Box>
  );
}

export function Checks({ results }: { results: CheckResult[] }) {
  const color = useColor();
  const { symbols } = useTheme();
  if (!results.length) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>Checks</Text>
      {results.map((c, i) => (
        <Box key={i} flexDirection="column">
          <Text color={color(c.status === 'ok' ? 'green' : c.status === 'warn' ? 'yellow' : 'red')} wrap="wrap">
            {c.status === 'ok' ? symbols.ok : c.status === 'warn' ? symbols.warn : symbols.fail} {c.label}
            {c.detail ? <Text dimColor>: {c.detail}</Text> : null}
          </Text>
          {c.hint && c.status !== 'ok' ? <Text wrap="wrap" dimColor>    hint: {c.hint}</Text> : null}
        </Box>
      ))}
    </Box>
  );
}
