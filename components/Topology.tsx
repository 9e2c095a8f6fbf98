import React, { useMemo } from 'react';
import { Box, Text } from 'ink';
import type { CrossmeshConfig } from '../src/config/types.js';
import { fitTopology, topologySegments, type PartState, type Statuses } from '../src/render/topology.js';
import { useTheme, useColor } from './theme.js';

const TONE: Record<PartState, string> = { applied: 'green', failed: 'red', planned: 'gray', rehearsed: 'magenta', skipped: 'yellow' };

export interface TopologyProps {
  config: CrossmeshConfig;
  statuses: Statuses;
  width: number;
  /** when given, the richest picture that fits in this many lines (part list first to go, then detail) */
  height?: number;
  list?: boolean;
  compact?: boolean;
}

/**
 * The guide's picture of the two clusters and meshes, each part marked with the state of the step
 * that creates it. Colour follows the theme; the marks carry the state without colour.
 */
export function Topology({ config, statuses, width, height, list = true, compact = false }: TopologyProps) {
  const { ascii } = useTheme();
  const color = useColor();
  // a plan with many links takes tens of milliseconds to fit: only redraw it when what it shows changed
  const statusKey = JSON.stringify(statuses);
  const lines = useMemo(
    () =>
      height !== undefined
        ? fitTopology(config, statuses, { width, ascii, height, list })
        : topologySegments(config, statuses, { width, ascii, list, compact }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- statuses is compared by content (statusKey)
    [config, statusKey, width, ascii, height, list, compact],
  );
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
