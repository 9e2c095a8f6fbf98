import React from 'react';
import { Box, Text, useInput } from 'ink';
import type { StepStatusRow } from '../src/app/scan.js';
import type { StepId } from '../src/model/types.js';
import { describeObject } from '../src/cluster/read.js';
import { StatusMessage } from '@inkjs/ui';
import { actionFor, pressedKey, resumeAnswers } from '../src/render/keymap.js';
import { useColor, useTheme, variantOf } from './theme.js';
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

const STATUS_COLOR = { ok: 'green', warn: 'yellow', fail: 'red' } as const;
/** in sync: done; could not be read: a failure; anything else needs the step again. */
const rowStatus = (state: StepStatusRow['state']): 'ok' | 'warn' | 'fail' =>
  state === 'in-sync' ? 'ok' : state === 'unknown' ? 'fail' : 'warn';

/** What is already on the clusters, step by step (each an @inkjs/ui StatusMessage), and where the wizard offers to continue. */
// keys, not @inkjs/ui's Select: one key answers at once, the keys of the keymap the plain front end offers too
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
  const keys = resumeAnswers(complete ? 'run the connectivity check' : `continue at ${point}`);
  useInput((input, key) => {
    const action = actionFor(keys, pressedKey(input, key));
    if (action) onChoice(action);
  });
  return (
    <Box flexDirection="column">
      <Text bold>{complete ? 'crossmesh found this setup complete: every step is in sync' : 'crossmesh found an earlier setup'}</Text>
      {journalProblem ? (
        // not StatusMessage: this sentence must wrap to be read whole, and StatusMessage is themed to cut its line at the width
        <Text color={color('yellow')} wrap="wrap">
          {symbols.warn} {journalProblem}
        </Text>
      ) : null}
      <Box flexDirection="column" marginTop={1}>
        {rows
          .filter((r) => r.state !== 'no-objects')
          .map((r) => (
            <Box key={r.step} flexDirection="column">
              <StatusMessage variant={variantOf(rowStatus(r.state))}>
                <Text color={color(STATUS_COLOR[rowStatus(r.state)])}>
                  {r.title.padEnd(22)} {WORD[r.state]}
                  {r.step === point ? <Text bold>{`  ${symbols.current} continue here`}</Text> : null}
                </Text>
              </StatusMessage>
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
        <KeyHints bindings={keys} />
      </Box>
    </Box>
  );
}
