import { describe, it, expect } from 'vitest';
import { parseKubeZones, parseKumactlZones, zoneHealthChecks } from '../../src/cluster/zone-health.js';

const online = { connectTime: '2026-11-27T10:00:00Z' };
const gone = { connectTime: '2026-11-27T09:00:00Z', disconnectTime: '2026-11-27T09:30:00Z' };

describe('zone health as the global control plane reports it', () => {
  it('kumactl inspect zones -o json: online while the newest connection is open', () => {
    const text = JSON.stringify({
      total: 3,
      items: [
        { type: 'ZoneOverview', name: 'zone1', zone: { enabled: true }, zoneInsight: { subscriptions: [gone, online] } },
        { type: 'ZoneOverview', name: 'zone2', zone: { enabled: true }, zoneInsight: { subscriptions: [online, gone] } },
        { type: 'ZoneOverview', name: 'zone3', zone: { enabled: false }, zoneInsight: { subscriptions: [online] } },
      ],
    });
    expect(parseKumactlZones(text)).toEqual([
      { name: 'zone1', state: 'online', since: online.connectTime },
      { name: 'zone2', state: 'offline', since: gone.disconnectTime },
      { name: 'zone3', state: 'disabled' },
    ]);
  });

  it('a global on Kubernetes: Zone and ZoneInsight objects in one list; a zone that never connected is offline', () => {
    const text = JSON.stringify({
      kind: 'List',
      items: [
        { kind: 'Zone', metadata: { name: 'zone1' }, spec: { enabled: true } },
        { kind: 'Zone', metadata: { name: 'zone2' }, spec: { enabled: true } },
        { kind: 'ZoneInsight', metadata: { name: 'zone1' }, spec: { subscriptions: [online] } },
      ],
    });
    expect(parseKubeZones(text)).toEqual([
      { name: 'zone1', state: 'online', since: online.connectTime },
      { name: 'zone2', state: 'offline' },
    ]);
  });

  it('unexpected output is not taken for an answer', () => {
    expect(parseKubeZones('not json')).toBeUndefined();
    expect(parseKumactlZones('{"items": 3}')).toBeUndefined();
  });

  it('checks name the zone, the cluster and what to do; an unreadable global only warns', () => {
    const zones = [
      { cluster: 'cluster1' as const, context: 'c1', zone: 'zone1' },
      { cluster: 'cluster2' as const, context: 'c2', zone: 'zone2' },
    ];
    const checks = zoneHealthChecks(
      {
        zones: [
          { name: 'zone1', state: 'online' },
          { name: 'zone2', state: 'offline', since: 'T' },
        ],
      },
      zones,
    );
    expect(checks).toEqual([
      { status: 'ok', label: 'cluster 1 (context c1): zone zone1 is online at the global control plane' },
      {
        status: 'fail',
        label: 'cluster 2 (context c2): zone zone2 is offline at the global control plane',
        detail: 'disconnected since T',
        hint: expect.stringMatching(/not connected to the global, so new Meshes and changes do not reach it/),
      },
    ]);
    expect(zoneHealthChecks({ zones: [] }, zones.slice(0, 1))).toEqual([
      expect.objectContaining({ status: 'fail', label: 'cluster 1 (context c1): zone zone1 is not known to the global control plane' }),
    ]);
    expect(zoneHealthChecks({ zones: [], error: 'the server doesn\'t have a resource type "zones"' }, zones)).toEqual([
      expect.objectContaining({ status: 'warn' }),
    ]);
  });
});
