import React, { useEffect, useRef, useState } from 'react';
import { Box, Text } from 'ink';
import { ContextPicker, type PickerOption, type Reachability } from './ContextPicker.js';

export interface SetupChoice {
  cluster1: string;
  cluster2: string;
  global: { tool: 'kumactl'; controlPlane: string } | { tool: 'kubectl'; context: string };
}

export interface SetupProps {
  contexts: string[];
  controlPlanes: Array<{ name: string; address?: string; active: boolean }>;
  /** whether a context answers, and whether it runs a global control plane (which is no zone) */
  probe: (context: string) => Promise<{ reachable: boolean; global?: boolean }>;
  initial: SetupChoice;
  onDone: (choice: SetupChoice) => void;
}

const UNKNOWN: Reachability = 'unknown';
const REACHABLE: Reachability = 'reachable';

/** First run: pick the two zone contexts and the global control plane. */
// three ContextPickers in turn (ContextPicker says why it is not @inkjs/ui's Select)
export function Setup({ contexts, controlPlanes, probe, initial, onDone }: SetupProps) {
  const [reach, setReach] = useState<Record<string, Reachability>>(() => Object.fromEntries(contexts.map((c) => [c, 'checking'])));
  const [stage, setStage] = useState<'cluster1' | 'cluster2' | 'global'>('cluster1');
  const [cluster1, setCluster1] = useState(initial.cluster1);
  const [cluster2, setCluster2] = useState(initial.cluster2);

  useEffect(() => {
    let live = true;
    for (const c of contexts)
      void probe(c).then((p) => live && setReach((r) => ({ ...r, [c]: p.global ? 'global' : p.reachable ? 'reachable' : 'unreachable' })));
    return () => {
      live = false;
    };
  }, [contexts, probe]);

  const kube = (exclude: string[] = []): PickerOption[] =>
    contexts.filter((c) => !exclude.includes(c)).map((c) => ({ value: c, label: c, reachability: reach[c] ?? 'unknown' }));

  if (stage === 'cluster1')
    return (
      <Box flexDirection="column">
        <ContextPicker
          key="c1"
          title="Cluster 1 (zone 1): runs echo and the gateways"
          help="Contexts come from your kubeconfig."
          options={kube()}
          initial={initial.cluster1}
          onSelect={(v) => (setCluster1(v), setStage('cluster2'))}
        />
      </Box>
    );
  if (stage === 'cluster2')
    return (
      <ContextPicker
        key="c2"
        title="Cluster 2 (zone 2): runs the clients"
        options={kube([cluster1])}
        initial={initial.cluster2}
        onSelect={(v) => (setCluster2(v), setStage('global'))}
      />
    );
  const globalOptions: PickerOption[] = [
    ...controlPlanes.map((cp) => ({
      value: `kumactl:${cp.name}`,
      label: `kumactl: ${cp.name}`,
      detail: `${cp.address ?? ''}${cp.active ? ' (current)' : ''}`,
      reachability: UNKNOWN,
    })),
    // a context that runs a global control plane is the likely answer here, and a fine one
    ...kube([cluster1, cluster2]).map((o) => ({
      ...o,
      value: `kubectl:${o.value}`,
      label: `kubectl: ${o.label}`,
      detail: '(global on Kubernetes)',
      reachability: o.reachability === 'global' ? REACHABLE : o.reachability,
    })),
  ];
  const detectedGlobal = contexts.find((c) => reach[c] === 'global' && c !== cluster1 && c !== cluster2);
  if (!globalOptions.length) return <NoGlobalFound fallback={initial.global} onDone={(global) => onDone({ cluster1, cluster2, global })} />;
  return (
    <ContextPicker
      key="g"
      title="Global control plane: where the Mesh objects are created"
      help="kumactl for a global on Universal or Konnect; a kube context for a global on Kubernetes."
      options={globalOptions}
      {...(detectedGlobal ? { initial: `kubectl:${detectedGlobal}` } : {})}
      onSelect={(v) => {
        const [tool, ...rest] = v.split(':');
        const name = rest.join(':');
        onDone({
          cluster1,
          cluster2,
          global: tool === 'kumactl' ? { tool: 'kumactl', controlPlane: name } : { tool: 'kubectl', context: name },
        });
      }}
    />
  );
}

/**
 * Nothing to pick from: say which global control plane will be used, then go on: once, after the
 * render (onDone ends the screen). Setup draws again when a late probe answers, with a new onDone.
 */
function NoGlobalFound({ fallback, onDone }: { fallback: SetupChoice['global']; onDone: (global: SetupChoice['global']) => void }) {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    onDone(fallback);
  }, [fallback, onDone]);
  const which =
    fallback.tool === 'kumactl' ? `kumactl's control plane "${fallback.controlPlane}"` : `the kube context "${fallback.context}"`;
  return (
    <Text wrap="wrap">
      No global control plane found among kumactl's control planes or the other contexts: using {which}. Change global in crossmesh.yaml if
      yours is another.
    </Text>
  );
}
