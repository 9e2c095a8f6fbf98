import React from 'react';
import { Box, Text } from 'ink';
import type { CrossmeshConfig } from '../src/config/types.js';
import { fitTopology, topologySegments, type PartState, type SegmentLine, type Statuses } from '../src/render/topology.js';
import { useTheme, useColor } from './theme.js';

const TONE: Record<PartState, string> = { applied: 'green', failed: 'red', planned: 'gray', rehearsed: 'magenta', skipped: 'yellow' };

type PictureOptions = { width: number; ascii: boolean; height: number | undefined; list: boolean; compact: boolean };
let lastPicture: { config: CrossmeshConfig; key: string; lines: SegmentLine[] } | undefined;

function cachedPicture(config: CrossmeshConfig, statuses: Statuses, o: PictureOptions): SegmentLine[] {
  const key = JSON.stringify([statuses, o]);
  if (lastPicture?.config === config && lastPicture.key === key) return lastPicture.lines;
  const lines =
    o.height !== undefined
      ? fitTopology(config, statuses, { width: o.width, ascii: o.ascii, height: o.height, list: o.list })
      : topologySegments(config, statuses, { width: o.width, ascii: o.ascii, list: o.list, compact: o.compact });
  lastPicture = { config, key, lines };
  return lines;
}

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
  const { ascii, symbols } = useTheme();
  const color = useColor();
  // a plan with many links takes tens of milliseconds to fit: reuse the last picture while what it
  // shows is the same, also across the map being hidden and shown again (which remounts this)
  const lines = cachedPicture(config, statuses, { width, ascii, height, list, compact });
  // even the most compact picture can be taller than the screen (many zones and links): cut it and
  // say so, rather than let the layout squeeze rows on top of each other
  const cut = height !== undefined && lines.length > height ? lines.length - (height - 1) : 0;
  const shown = cut ? lines.slice(0, height! - 1) : lines;
  return (
    <Box flexDirection="column" width={width} flexShrink={0}>
      {shown.map((line, i) => (
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
      {cut ? (
        <Text dimColor wrap="truncate-end">
          {`${symbols.below} ${cut} more line${cut === 1 ? '' : 's'}: a taller or wider terminal shows the whole picture (or crossmesh plan --diagram)`}
        </Text>
      ) : null}
    </Box>
  );
}
