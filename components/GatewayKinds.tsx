import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { GatewayKind } from '../src/config/types.js';
import { actionFor, gatewayKindAnswers, keyHints, pickerKeys, pressedKey } from '../src/render/keymap.js';
import { GATEWAY_KINDS_EXPLAINED } from '../steps/gateway-kinds.js';
import { useColor, useTheme } from './theme.js';

export interface GatewayKindsProps {
  /** the meshes to ask about, in order, with the kind each has now */
  meshes: Array<{ name: string; kind: GatewayKind }>;
  onDone: (kinds: GatewayKind[]) => void;
}

const MOVE = pickerKeys();
const KINDS = gatewayKindAnswers();

/**
 * First run, after the contexts: which gateway each mesh gets, with what each kind needs and gives
 * on one screen. ↑/↓ and Enter, or b / k.
 */
// hand-written, not @inkjs/ui's Select: the b/k shortcuts come from the shared keymap, and each option carries three lines of comparison
export function GatewayKinds({ meshes, onDone }: GatewayKindsProps) {
  const color = useColor();
  const { symbols, ascii } = useTheme();
  const [index, setIndex] = useState(0);
  const [chosen, setChosen] = useState<GatewayKind[]>([]);
  const startAt = (i: number) =>
    Math.max(
      0,
      GATEWAY_KINDS_EXPLAINED.findIndex((k) => k.kind === meshes[i]?.kind),
    );
  const [cursor, setCursorState] = useState(() => startAt(0));
  // the input handler may run before React re-renders, so it reads the cursor and the answers from refs
  const cursorRef = useRef(cursor);
  const chosenRef = useRef(chosen);
  const setCursor = (next: number) => {
    cursorRef.current = next;
    setCursorState(next);
  };
  const pick = (kind: GatewayKind) => {
    const answers = [...chosenRef.current, kind];
    chosenRef.current = answers;
    if (answers.length === meshes.length) return onDone(answers);
    setChosen(answers);
    setIndex(answers.length);
    setCursor(startAt(answers.length));
  };
  useInput((input, key) => {
    const pressed = pressedKey(input, key);
    const direct = actionFor(KINDS, pressed);
    if (direct) return pick(direct);
    const action = actionFor(MOVE, pressed);
    const count = GATEWAY_KINDS_EXPLAINED.length;
    if (action === 'previous') setCursor((cursorRef.current - 1 + count) % count);
    else if (action === 'next') setCursor((cursorRef.current + 1) % count);
    else if (action === 'pick') pick(GATEWAY_KINDS_EXPLAINED[cursorRef.current]!.kind);
  });
  const mesh = meshes[index];
  if (!mesh) return null;
  return (
    <Box flexDirection="column">
      <Text bold>
        Gateway for {mesh.name} ({index + 1} of {meshes.length}): the way into {mesh.name} for the meshes that call it
      </Text>
      {GATEWAY_KINDS_EXPLAINED.map((k, i) => (
        <Box key={k.kind} flexDirection="column" marginTop={1}>
          <Text color={color(i === cursor ? 'cyan' : '')} wrap="truncate-end">
            {i === cursor ? `${symbols.current} ` : '  '}
            {KINDS[i]!.key} {k.title}
          </Text>
          <Box paddingLeft={4}>
            <Text dimColor wrap="wrap">
              {'needs: '}
              {k.needs}
            </Text>
          </Box>
          <Box paddingLeft={4}>
            <Text dimColor wrap="wrap">
              {'gives: '}
              {k.gives}
            </Text>
          </Box>
          <Box paddingLeft={4}>
            <Text dimColor wrap="wrap">
              {'Kuma 3.0: '}
              {k.kuma3}
            </Text>
          </Box>
        </Box>
      ))}
      <Box marginTop={1}>
        <Text dimColor>
          {[...keyHints(MOVE, ascii), ...KINDS.map((b) => ({ key: b.key, label: b.action }))].map((h) => `${h.key} ${h.label}`).join(', ')}
        </Text>
      </Box>
    </Box>
  );
}
