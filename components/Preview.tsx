import React from 'react';
import { Box, Text } from 'ink';
import type { PreviewItem } from '../src/engine/events.js';
import type { Step } from '../src/model/types.js';
import { describeTarget } from '../src/model/plan.js';
import { kindOf, nameOf } from '../src/model/types.js';
import { YamlView } from './YamlView.js';
import { Paragraph } from './Paragraph.js';
import { keyName } from '../src/render/keymap.js';
import { useColor, useTheme } from './theme.js';

export interface PreviewProps {
  step: Step;
  items: PreviewItem[];
  selected: number;
  yamlLines: number;
  scroll: number;
  expanded: boolean;
  /** columns the preview may use */
  width: number;
}

/** One manifest at a time: where it goes, the exact command, the YAML, and why the step exists. */
export function Preview({ step, items, selected, yamlLines, scroll, expanded, width }: PreviewProps) {
  const color = useColor();
  const { ascii } = useTheme();
  const e = step.explanation;
  const item = items[Math.min(selected, items.length - 1)];
  return (
    <Box flexDirection="column" flexGrow={1} flexShrink={0}>
      <Text bold color={color('cyan')} wrap="truncate-end">
        {step.title}
      </Text>
      <Paragraph text={e.summary} width={width} />
      {expanded ? (
        <Box flexDirection="column" marginTop={1} flexShrink={0}>
          <Text bold>The idea</Text>
          <Paragraph text={e.concept} width={width} />
          <Text bold>Why this step</Text>
          <Paragraph text={e.why} width={width} />
          {step.fixes.length ? <Text bold>Where the guide is wrong or unclear</Text> : null}
          {step.fixes.map((f) => (
            <Paragraph key={f.id} text={`${f.title}. Guide: ${f.guide} crossmesh: ${f.crossmesh}`} width={width} />
          ))}
          <Text dimColor>(l shows all of it, a page at a time)</Text>
        </Box>
      ) : step.fixes.length ? (
        <Text wrap="truncate-end" color={color('yellow')}>
          Fixes to the guide: {step.fixes.map((f) => f.title).join('; ')} (e: explain)
        </Text>
      ) : null}
      {expanded ? null : item ? (
        <Box flexDirection="column" marginTop={1}>
          {/* one line, as the wizard counts it: a long name (or the keys named in words on a dumb terminal) is cut */}
          <Text wrap="truncate-end">
            <Text bold>
              Manifest {selected + 1}/{items.length}
            </Text>
            : {kindOf(item.manifest.object)} {nameOf(item.manifest.object)}
            {items.length > 1 ? <Text dimColor>{`  (${keyName('left', ascii)}/${keyName('right', ascii)} other manifests)`}</Text> : null}
          </Text>
          <Text wrap="truncate-end">
            <Text dimColor>{'goes to  '}</Text>
            {describeTarget(item.target)}
          </Text>
          <Text wrap="truncate-end">
            <Text dimColor>{'command  '}</Text>
            <Text color={color('green')}>{item.command}</Text>
          </Text>
          <Text wrap="truncate-end" dimColor>
            {item.manifest.purpose}
          </Text>
          {item.manifest.needs ? (
            <Paragraph
              color={color('yellow')}
              width={width}
              text={`${item.manifest.needs.placeholder} stands in for the address of the gateway: crossmesh fills it in once ${item.manifest.needs.source.from === 'gateway' ? 'Kong Operator publishes one for the Gateway' : 'the LoadBalancer has one'} (or once you type one), before applying.`}
            />
          ) : null}
          {yamlLines > 0 ? <YamlView yaml={item.yaml} maxLines={yamlLines} offset={scroll} /> : null}
        </Box>
      ) : (
        <Text dimColor>{step.probe ? `No manifests: this step ${step.probe.instead}.` : 'No manifests.'}</Text>
      )}
    </Box>
  );
}
