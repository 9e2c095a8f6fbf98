import React from 'react';
import { EXIT } from '../model/exit-codes.js';
import { render } from 'ink';
import type { StepId } from '../model/types.js';
import { saveConfig } from '../config/file.js';
import { WizardStore } from './store.js';
import { Wizard } from '../../components/Wizard.js';
import { Setup, type SetupChoice } from '../../components/Setup.js';
import { GatewayKinds } from '../../components/GatewayKinds.js';
import type { CrossmeshConfig, GatewayKind } from '../config/types.js';
import { MESH_KEYS } from '../config/types.js';
import { ThemeProvider, makeTheme } from '../../components/theme.js';
import { listKubeContexts, listControlPlanes } from '../cluster/contexts.js';
import { probeContext, controlPlaneMode } from '../cluster/prerequisites.js';
import type { Journal } from '../state/journal.js';
import type { Session, ResumeChoice } from '../app/session.js';
import { Resume } from '../../components/Resume.js';
import { Spinner } from '../../components/Spinner.js';

export interface TuiOptions {
  color: boolean;
  env: NodeJS.ProcessEnv;
  /** the kubeconfig's contexts, when the caller started listing them already (first run) */
  contexts?: Promise<string[]>;
}

/** With an earlier setup on the clusters, show what is there and ask where to continue. */
async function chooseResume(
  session: Session,
  theme: ReturnType<typeof makeTheme>,
  journal: Journal,
): Promise<ResumeChoice | 'quit' | 'interrupted'> {
  let choice: StepId | undefined | 'quit';
  let chosen = false;
  const app = render(
    <ThemeProvider theme={theme}>
      <Spinner label="reading what is already on the clusters" />
    </ThemeProvider>,
  );
  // Ctrl-C during the scan ends the screen; it must end the run too, not wait for the scan
  const scanned = await Promise.race([session.resumeProposal(), app.waitUntilExit().then(() => 'interrupted' as const)]);
  if (scanned === 'interrupted') return 'interrupted';
  if (!scanned) {
    app.clear();
    app.unmount();
    await app.waitUntilExit();
    return { inSync: [] };
  }
  const { point, inSync, report } = scanned;
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

async function pickContexts(
  session: Session,
  theme: ReturnType<typeof makeTheme>,
  listed?: Promise<string[]>,
): Promise<SetupChoice | undefined> {
  const { tools, config } = session.o;
  const contexts = await (listed ?? listKubeContexts(tools));
  if (contexts.length < 2) return undefined;
  const controlPlanes = await listControlPlanes(tools);
  const initial: SetupChoice = {
    cluster1: config.clusters.cluster1.context,
    cluster2: config.clusters.cluster2.context,
    global: config.global,
  };
  let choice: SetupChoice | undefined;
  const app = render(
    <ThemeProvider theme={theme}>
      <Setup
        contexts={contexts}
        controlPlanes={controlPlanes}
        probe={async (c) => {
          if (!(await probeContext(tools, c)).reachable) return { reachable: false };
          return { reachable: true, global: (await controlPlaneMode(tools, c, config.systemNamespace)) === 'global' };
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

/** First run: which gateway each mesh gets; undefined when the screen was left (Ctrl-C). */
async function pickGatewayKinds(config: CrossmeshConfig, theme: ReturnType<typeof makeTheme>): Promise<GatewayKind[] | undefined> {
  let kinds: GatewayKind[] | undefined;
  const app = render(
    <ThemeProvider theme={theme}>
      <GatewayKinds
        meshes={MESH_KEYS.map((m) => ({ name: config.meshes[m].name, kind: config.meshes[m].gateway.kind }))}
        onDone={(k) => {
          kinds = k;
          setImmediate(() => {
            app.clear();
            app.unmount();
          });
        }}
      />
    </ThemeProvider>,
  );
  await app.waitUntilExit();
  return kinds;
}

/**
 * The first frame, while the session still asks the clusters whether they answer: a spinner, so the
 * screen is not blank during the probes. Undefined when the screen was left (Ctrl-C).
 */
async function whileOpening(opening: Promise<Session>, theme: ReturnType<typeof makeTheme>): Promise<Session | undefined> {
  let settled = false;
  opening.then(
    () => (settled = true),
    () => (settled = true),
  );
  // a microtask turn: an already open session needs no spinner frame
  await Promise.resolve();
  if (settled) return opening;
  const app = render(
    <ThemeProvider theme={theme}>
      <Spinner label="checking which clusters answer" />
    </ThemeProvider>,
  );
  try {
    const first = await Promise.race([opening, app.waitUntilExit().then(() => undefined)]);
    return first;
  } finally {
    app.clear();
    app.unmount();
    await app.waitUntilExit();
  }
}

/** Runs the full-screen wizard; returns the process exit code. */
export async function runTui(opening: Session | Promise<Session>, o: TuiOptions): Promise<number> {
  const theme = makeTheme(o.color, o.env);
  const session = opening instanceof Promise ? await whileOpening(opening, theme) : opening;
  if (!session) return EXIT.interrupted;
  let notice: string | undefined;
  if (!session.o.configExists) {
    const choice = await pickContexts(session, theme, o.contexts);
    if (!choice) {
      if (!session.rehearsal) return EXIT.interrupted;
    } else {
      // the file form: the prefix, if any, stays a key of its own and is not written into the names
      const { config } = session.o;
      const kinds = await pickGatewayKinds(config, theme);
      if (!kinds) return EXIT.interrupted;
      const picked = {
        ...config,
        clusters: {
          cluster1: { ...config.clusters.cluster1, context: choice.cluster1 },
          cluster2: { ...config.clusters.cluster2, context: choice.cluster2 },
        },
        global: choice.global,
        meshes: {
          mesh1: {
            ...config.meshes.mesh1,
            gateway: { ...config.meshes.mesh1.gateway, kind: kinds[0] ?? config.meshes.mesh1.gateway.kind },
          },
          mesh2: {
            ...config.meshes.mesh2,
            gateway: { ...config.meshes.mesh2.gateway, kind: kinds[1] ?? config.meshes.mesh2.gateway.kind },
          },
        },
      };
      await session.retarget(picked);
      // the only time crossmesh writes crossmesh.yaml: afterwards it is the user's file
      saveConfig(session.o.configFile, session.o.prefix ? { ...picked, prefix: session.o.prefix } : picked);
      notice = `Your choices are saved in ${session.o.configFile}; crossmesh reads it from now on and never rewrites it.`;
    }
  }

  let resume: ResumeChoice = { inSync: [] };
  if (session.journal) {
    const chosen = await chooseResume(session, theme, session.journal);
    if (chosen === 'quit') return EXIT.failed;
    if (chosen === 'interrupted') return EXIT.interrupted;
    resume = chosen.from ? chosen : { inSync: [] };
  }

  const store = new WizardStore(session.rehearsal);
  let engineDone = false;
  const app = render(
    <ThemeProvider theme={theme}>
      <Wizard store={store} config={session.config} onQuit={() => app.unmount()} {...(notice ? { notice } : {})} />
    </ThemeProvider>,
  );
  const engine = session.engine({ ask: store.ask, emit: store.emit, previewLive: true }, resume);
  let exitCode: number = EXIT.interrupted;
  void engine.run().then(
    (summary) => {
      engineDone = true;
      exitCode = summary.ok ? EXIT.ok : EXIT.failed;
      if (summary.quit) app.unmount();
    },
    (err: unknown) => {
      engineDone = true;
      exitCode = EXIT.failed;
      store.emit({ type: 'run-end', ok: false, message: `Unexpected error: ${err instanceof Error ? err.message : String(err)}` });
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
