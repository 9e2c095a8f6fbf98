import { describe, it, expect } from 'vitest';
import { getEventListeners } from 'node:events';
import { pause } from '../../src/adapter/pause.js';
import { waitForGatewayAddress } from '../../src/cluster/gateway-address.js';
import { Tools } from '../../src/adapter/tools.js';

describe('pause', () => {
  it('leaves no abort listener behind, however often a poll waits on one signal', async () => {
    const stop = new AbortController();
    for (let i = 0; i < 30; i++) await pause(1, stop.signal);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });

  it('ends at once when the signal aborts', async () => {
    const stop = new AbortController();
    const started = Date.now();
    setTimeout(() => stop.abort(), 20);
    await pause(60_000, stop.signal);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a long gateway-address wait does not pile listeners on its signal (the MaxListenersExceededWarning)', async () => {
    const stop = new AbortController();
    const tools = new Tools({ runner: async () => ({ exitCode: 0, stdout: '', stderr: '', notFound: false, timedOut: false }) });
    let ticks = 0;
    await waitForGatewayAddress(tools, {
      source: { from: 'service', context: 'c1', namespace: 'n', name: 'gw' },
      timeoutMs: 60_000,
      pollMs: 1,
      signal: stop.signal,
      onTick: () => {
        if (++ticks === 25) stop.abort();
      },
    });
    expect(ticks).toBe(25);
    expect(getEventListeners(stop.signal, 'abort')).toHaveLength(0);
  });
});
