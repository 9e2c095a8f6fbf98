import React from 'react';
import { Box, Text, useInput } from 'ink';
import type { StepStatusRow } from '../src/app/scan.js';
import type { StepId } from '../src/model/types.js';
import { describeObject } from '../src/cluster/read.js';
import { useColor, useTheme } from './theme.js';
import { KeyHints } from './KeyHints.js';

const WORD: Record<string, string> = {
  'in-sync': 'in sync',
  missing: 'not applied',
  partial: 'partly applied',
  drifted: 'drifted',
  unknown: 'could not read',
  'sync-broken': 'sync broken: a zone lacks it',
  terminating: 'being deleted',
};

/** What is already on the clusters, step by step, and where the wizard offers to continue. */
export function Resume({
  rows,
  point,
  journalProblem,
  onChoice,
}: {
  rows: StepStatusRow[];
  point: StepId;
  journalProblem?: string;
  onChoice: (c: 'continue' | 'restart' | 'quit') => void;
}) {
  const color = useColor();
  const { symbols } = useTheme();
  const complete = point === 'verify' && rows.every((r) => r.state === 'in-sync' || r.state === 'no-objects');
  useInput((input, key) => {
    if (key.return || input === 'c') onChoice('continue');
    else if (input === 'r') onChoice('restart');
    else if (input === 'q') onChoice('quit');
  });
  return (
    <Box flexDirection="column">
      <Text bold>{complete ? 'crossmesh found this setup complete: every step is in sync' : 'crossmesh found an earlier setup'}</Text>
      {journalProblem ? (
        <Text color={color('yellow')} wrap="wrap">
          {symbols.warn} {journalProblem}
        </Text>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        {rows
          .filter((r) => r.state !== 'no-objects')
          .map((r) => (
            <Box key={r.step} flexDirection="column">
              <Text color={color(r.state === 'in-sync' ? 'green' : r.state === 'unknown' ? 'red' : 'yellow')}>
                {r.state === 'in-sync' ? symbols.ok : r.state === 'unknown' ? symbols.fail : symbols.warn} {r.title.padEnd(22)}{' '}
                {WORD[r.state]}
                {r.step === point ? <Text bold> {symbols.current} continue here</Text> : null}
              </Text>
              {r.objects
                .filter((o) => o.state === 'drifted')
                .slice(0, 3)
                .map((o) => (
                  <Text key={o.manifest.id} dimColor wrap="truncate-end">
                    {'    '}drifted: {describeObject(o.manifest)} ({o.differences.map((d) => d.path).join(', ')})
                  </Text>
                ))}
            </Box>
          ))}
      </Box>
      <Box marginTop={1}>
        <KeyHints
          keys={[
            ['Enter', complete ? 'run the connectivity check' : `continue at ${point}`],
            ['r', 'start from the first step'],
            ['q', 'quit'],
          ]}
        />
      </Box>
    </Box>
  );
}
