import React, { useEffect, useState } from 'react';
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
  probe: (context: string) => Promise<boolean>;
  initial: SetupChoice;
  onDone: (choice: SetupChoice) => void;
}

/** First run: pick the two zone contexts and the global control plane. */
export function Setup({ contexts, controlPlanes, probe, initial, onDone }: SetupProps) {
  const [reach, setReach] = useState<Record<string, Reachability>>(() => Object.fromEntries(contexts.map((c) => [c, 'checking'])));
  const [stage, setStage] = useState<'cluster1' | 'cluster2' | 'global'>('cluster1');
  const [cluster1, setCluster1] = useState(initial.cluster1);
  const [cluster2, setCluster2] = useState(initial.cluster2);

  useEffect(() => {
    let live = true;
    for (const c of contexts) void probe(c).then((ok) => live && setReach((r) => ({ ...r, [c]: ok ? 'reachable' : 'unreachable' })));
    return () => {
      live = false;
    };
  }, [contexts, probe]);

  const kube = (exclude: string[] = []): PickerOption[] => contexts.filter((c) => !exclude.includes(c)).map((c) => ({ value: c, label: c, reachability: reach[c] ?? 'unknown' }));

  if (stage === 'cluster1')
    return (
      <Box flexDirection="column">
        <ContextPicker key="c1" title="Cluster 1 (zone 1): runs echo and both gateways" help="Contexts come from your kubeconfig." options={kube()} initial={initial.cluster1} onSelect={(v) => (setCluster1(v), setStage('cluster2'))} />
      </Box>
    );
  if (stage === 'cluster2')
    return <ContextPicker key="c2" title="Cluster 2 (zone 2): runs the clients" options={kube([cluster1])} initial={initial.cluster2} onSelect={(v) => (setCluster2(v), setStage('global'))} />;
  const globalOptions: PickerOption[] = [
    ...controlPlanes.map((cp) => ({ value: `kumactl:${cp.name}`, label: `kumactl: ${cp.name}`, detail: `${cp.address ?? ''}${cp.active ? ' (current)' : ''}`, reachability: 'unknown' as Reachability })),
    ...kube([cluster1, cluster2]).map((o) => ({ ...o, value: `kubectl:${o.value}`, label: `kubectl: ${o.label}`, detail: '(global on Kubernetes)' })),
  ];
  if (!globalOptions.length) {
    onDone({ cluster1, cluster2, global: initial.global });
    return <Text>No global control plane found; keeping the one in crossmesh.yaml.</Text>;
  }
  return (
    <ContextPicker
      key="g"
      title="Global control plane: where the Mesh objects are created"
      help="kumactl for a global on Universal or Konnect; a kube context for a global on Kubernetes."
      options={globalOptions}
      onSelect={(v) => {
        const [tool, ...rest] = v.split(':');
        const name = rest.join(':');
        onDone({ cluster1, cluster2, global: tool === 'kumactl' ? { tool: 'kumactl', controlPlane: name } : { tool: 'kubectl', context: name } });
      }}
    />
  );
}
