import React, { useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import { actionFor, keyHints, pickerKeys, pressedKey } from '../src/render/keymap.js';
import { useColor, useTheme } from './theme.js';

/** 'global': it answers, but runs a global control plane, so it cannot be a zone. */
export type Reachability = 'checking' | 'reachable' | 'unreachable' | 'unknown' | 'global';

export interface PickerOption {
  value: string;
  label: string;
  detail?: string;
  reachability: Reachability;
}

const KEYS = pickerKeys();

/** A list of contexts (or control planes) with a reachability mark each; ↑/↓ and Enter. */
// hand-written, not @inkjs/ui's Select: Select's labels are plain strings (no coloured mark), and its cursor starts on the first option and jumps back there whenever the options change, as they do with each probe's answer
export function ContextPicker({
  title,
  help,
  options,
  onSelect,
  initial,
}: {
  title: string;
  help?: string;
  options: PickerOption[];
  onSelect: (value: string) => void;
  initial?: string;
}) {
  const color = useColor();
  const { symbols, ascii } = useTheme();
  // start on the given option, else on the first that can be picked
  const [cursor, setCursorState] = useState(() => {
    const given = options.findIndex((o) => o.value === initial && o.reachability !== 'global');
    return given >= 0
      ? given
      : Math.max(
          0,
          options.findIndex((o) => o.reachability !== 'global'),
        );
  });
  const [refused, setRefused] = useState<string | undefined>();
  // the input handler may run before React re-renders, so it reads the cursor from a ref
  const cursorRef = useRef(cursor);
  const setCursor = (next: (c: number) => number) => {
    cursorRef.current = next(cursorRef.current);
    setCursorState(cursorRef.current);
  };
  useInput((input, key) => {
    const action = actionFor(KEYS, pressedKey(input, key));
    if (action === 'previous') setCursor((c) => (c - 1 + options.length) % options.length);
    else if (action === 'next') setCursor((c) => (c + 1) % options.length);
    else if (action === 'pick') {
      const option = options[cursorRef.current];
      if (!option) return;
      if (option.reachability === 'global') return setRefused(`${option.label} runs the global control plane; pick a zone cluster here.`);
      onSelect(option.value);
    }
  });
  const mark = (r: Reachability) =>
    r === 'reachable' ? (
      <Text color={color('green')}>{symbols.ok} reachable</Text>
    ) : r === 'unreachable' ? (
      <Text color={color('red')}>{symbols.fail} unreachable</Text>
    ) : r === 'global' ? (
      <Text color={color('yellow')}>{symbols.warn} global control plane, not a zone</Text>
    ) : r === 'checking' ? (
      <Text dimColor>{symbols.ellipsis} checking</Text>
    ) : (
      <Text dimColor>? not checked</Text>
    );
  return (
    <Box flexDirection="column">
      <Text bold>{title}</Text>
      {help ? (
        <Text dimColor wrap="wrap">
          {help}
        </Text>
      ) : null}
      {options.map((o, i) => (
        <Text key={o.value} wrap="truncate-end">
          <Text color={color(i === cursor ? 'cyan' : '')}>
            {i === cursor ? `${symbols.current} ` : '  '}
            {o.label}
          </Text>
          {o.detail ? <Text dimColor> {o.detail}</Text> : null} {mark(o.reachability)}
        </Text>
      ))}
      {refused ? (
        <Text color={color('yellow')} wrap="wrap">
          {refused}
        </Text>
      ) : null}
      <Text dimColor>
        {keyHints(KEYS, ascii)
          .map((h) => `${h.key} ${h.label}`)
          .join(', ')}
      </Text>
    </Box>
  );
}
