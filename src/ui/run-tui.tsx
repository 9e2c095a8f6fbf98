import React from 'react';
import { EXIT } from '../model/exit-codes.js';
import { render } from 'ink';
import type { Tools } from '../adapter/tools.js';
import type { CrossmeshConfig, MeshKey } from '../config/types.js';
import type { StepId } from '../engine/types.js';
import { Engine } from '../engine/engine.js';
import { saveConfig } from '../config/file.js';
import { WizardStore } from './store.js';
import { Wizard } from '../../components/Wizard.js';
import { Setup, type SetupChoice } from '../../components/Setup.js';
import { ThemeProvider, makeTheme } from '../../components/theme.js';
import { listKubeContexts, listControlPlanes } from '../detect/contexts.js';
import { probeContext, controlPlaneMode } from '../detect/prerequisites.js';
import { detectRehearsal, rehearsalReason } from '../cli/rehearsal.js';
import type { Journal } from '../state/journal.js';
import { setupIdFor } from '../state/setup.js';
import { statusReport } from '../commands/status.js';
import { resumeOffer } from '../live/status.js';
import { Resume } from '../../components/Resume.js';
import { Spinner } from '../../components/Spinner.js';

export interface TuiOptions {
  config: CrossmeshConfig;
  configFile: string;
  configExists: boolean;
  tools: Tools;
  rehearsal: boolean;
  rehearsalForced: boolean;
  gatewayAddresses: Partial<Record<MeshKey, string>>;
  from?: StepId;
  color: boolean;
  env: NodeJS.ProcessEnv;
  verify: boolean;
  journal?: Journal;
  rebind: boolean;
}

/** With an earlier setup on the clusters, show what is there and ask where to continue. */
async function chooseResume(o: TuiOptions, theme: ReturnType<typeof makeTheme>, journal: Journal): Promise<{ from?: StepId; inSync: StepId[] } | 'quit' | 'interrupted'> {
  let choice: StepId | undefined | 'quit';
  let chosen = false;
  const app = render(
    <ThemeProvider theme={theme}>
      <Spinner label="reading what is already on the clusters" />
    </ThemeProvider>,
  );
  // Ctrl-C during the scan ends the screen; it must end the run too, not wait for the scan
  const scanned = await Promise.race([statusReport(o.tools, o.config, journal), app.waitUntilExit().then(() => 'interrupted' as const)]);
  if (scanned === 'interrupted') return 'interrupted';
  const report = scanned;
  const offer = resumeOffer(report.rows, { verify: o.verify });
  if (!offer) {
    app.clear();
    app.unmount();
    await app.waitUntilExit();
    return { inSync: [] };
  }
  const { point, inSync } = offer;
  app.rerender(
    <ThemeProvider theme={theme}>
      <Resume
        rows={report.rows}
        point={point}
        {...(journal.problem ? { journalProblem: journal.problem } : {})}
        onChoice={(c) => {
          chosen = true;
          choice = c === 'continue' ? point : c === 'quit' ? 'quit' : undefined;
          setImmediate(() => app.unmount());
        }}
      />
    </ThemeProvider>,
  );
  await app.waitUntilExit();
  if (choice === 'quit') return 'quit';
  if (!chosen) return 'interrupted';
  // "start from the first step" walks every step again: none is shown as done beforehand
  return choice ? { from: choice, inSync } : { inSync: [] };
}

async function pickContexts(o: TuiOptions, theme: ReturnType<typeof makeTheme>): Promise<SetupChoice | undefined> {
  const contexts = await listKubeContexts(o.tools);
  if (contexts.length < 2) return undefined;
  const controlPlanes = await listControlPlanes(o.tools);
  const { config } = o;
  const initial: SetupChoice = { cluster1: config.clusters.cluster1.context, cluster2: config.clusters.cluster2.context, global: config.global };
  let choice: SetupChoice | undefined;
  const app = render(
    <ThemeProvider theme={theme}>
      <Setup
        contexts={contexts}
        controlPlanes={controlPlanes}
        probe={async (c) => {
          if (!(await probeContext(o.tools, c)).reachable) return { reachable: false };
          return { reachable: true, global: (await controlPlaneMode(o.tools, c, o.config.systemNamespace)) === 'global' };
        }}
        initial={initial}
        onDone={(c) => {
          choice = c;
          // the picker's last frame must not stay above the wizard
          setImmediate(() => {
            app.clear();
            app.unmount();
          });
        }}
      />
    </ThemeProvider>,
  );
  await app.waitUntilExit();
  return choice;
}

/** Runs the full-screen wizard; returns the process exit code. */
export async function runTui(o: TuiOptions): Promise<number> {
  const theme = makeTheme(o.color, o.env);
  let config = o.config;
  let rehearsal = o.rehearsal;
  let notice: string | undefined;
  if (!o.configExists) {
    const choice = await pickContexts(o, theme);
    if (!choice) {
      if (!rehearsal) return EXIT.interrupted;
    } else {
      config = {
        ...config,
        clusters: { cluster1: { ...config.clusters.cluster1, context: choice.cluster1 }, cluster2: { ...config.clusters.cluster2, context: choice.cluster2 } },
        global: choice.global,
      };
      if (!o.rehearsalForced) rehearsal = await detectRehearsal(o.tools, config);
      // the only time crossmesh writes crossmesh.yaml: afterwards it is the user's file
      saveConfig(o.configFile, config);
      notice = `Your choices are saved in ${o.configFile}; crossmesh reads it from now on and never rewrites it.`;
    }
  }

  let from = o.from;
  let inSync: StepId[] = [];
  if (!rehearsal && !from && o.journal && o.configExists) {
    const resume = await chooseResume(o, theme, o.journal);
    if (resume === 'quit') return EXIT.failed;
    if (resume === 'interrupted') return EXIT.interrupted;
    from = resume.from;
    inSync = from ? resume.inSync : [];
  }

  const store = new WizardStore(rehearsal);
  let engineDone = false;
  const app = render(
    <ThemeProvider theme={theme}>
      <Wizard store={store} config={config} onQuit={() => app.unmount()} {...(notice ? { notice } : {})} />
    </ThemeProvider>,
  );
  const engine = new Engine({
    config,
    tools: o.tools,
    rehearsal,
    verify: o.verify,
    gatewayAddresses: o.gatewayAddresses,
    ...(from ? { from } : {}),
    ...(inSync.length ? { inSync } : {}),
    ...(o.journal && !rehearsal ? { journal: o.journal } : {}),
    setupId: setupIdFor(o.configFile),
    previewLive: true,
    ...(rehearsal ? { rehearsalReason: rehearsalReason(o.rehearsalForced, config), rehearsalAskedFor: o.rehearsalForced } : {}),
    ask: store.ask,
    emit: store.emit,
  });
  let exitCode: number = EXIT.interrupted;
  void engine.run().then(
    (summary) => {
      engineDone = true;
      exitCode = summary.ok ? EXIT.ok : EXIT.failed;
      if (summary.quit) app.unmount();
    },
    (err: unknown) => {
      engineDone = true;
      exitCode = 1;
      store.emit({ type: 'run-end', ok: false, message: `Unexpected error: ${(err as Error).message}` });
    },
  );
  await app.waitUntilExit();
  if (!engineDone) {
    // Ctrl-C: stop every wait now, so no timer keeps the process alive after the screen is gone
    engine.cancel();
    return EXIT.interrupted;
  }
  return exitCode;
}
