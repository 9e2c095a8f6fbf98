import React from 'react';
import { Box, Text } from 'ink';
import { Spinner as UiSpinner } from '@inkjs/ui';
import { wrapText } from '../src/tui/details.js';
import { useTheme } from './theme.js';

/** @inkjs/ui's "dots" spinner: one column wide. */
const FRAME_WIDTH = 1;

/**
 * A spinner and its label; with a width, the label is wrapped here (see Paragraph for why): the
 * first line beside @inkjs/ui's spinner, the rest below it, indented.
 */
export function Spinner({ label, width }: { label: string; width?: number }) {
  const { ascii, symbols } = useTheme();
  // hand-written under TERM=dumb: a still "..." instead of a frame redrawn 12 times a second, which a dumb terminal cannot erase
  const mark = ascii ? symbols.ellipsis : undefined;
  const markWidth = mark?.length ?? FRAME_WIDTH;
  const [first = '', ...rest] = width ? wrapText(label, Math.max(10, width - markWidth - 1)) : [label];
  return (
    <Box flexDirection="column" flexShrink={0}>
      {mark === undefined ? (
        <UiSpinner label={first} />
      ) : (
        <Text wrap="truncate-end">
          {mark} {first}
        </Text>
      )}
      {rest.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {' '.repeat(markWidth)} {line}
        </Text>
      ))}
    </Box>
  );
}
