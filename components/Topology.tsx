import React from 'react';
import { Box, Text } from 'ink';
import type { CrossmeshConfig } from '../src/config/types.js';
import { topologySegments, type PartState, type Statuses } from '../src/ui/topology.js';
import { useTheme, useColor } from './theme.js';

const TONE: Record<PartState, string> = { applied: 'green', failed: 'red', planned: 'gray', rehearsed: 'magenta', skipped: 'yellow' };

/**
 * The guide's picture of the two clusters and meshes, each part marked with the state of the step
 * that creates it. Colour follows the theme; the marks carry the state without colour.
 */
export function Topology({ config, statuses, width, list = true }: { config: CrossmeshConfig; statuses: Statuses; width: number; list?: boolean }) {
  const { ascii } = useTheme();
  const color = useColor();
  const lines = topologySegments(config, statuses, { width, ascii, list });
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line.map((s, j) =>
            s.state ? (
              <Text key={j} color={color(TONE[s.state])} bold={s.state === 'failed'}>
                {s.text}
              </Text>
            ) : (
              s.text
            ),
          )}
        </Text>
      ))}
    </Box>
  );
}
