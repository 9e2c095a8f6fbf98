import React from 'react';
import { EXIT } from '../model/exit-codes.js';
import { render } from 'ink';
import type { ResumeAction } from '../render/keymap.js';
import { saveConfig } from '../config/file.js';
import { WizardStore } from './store.js';
import { Wizard } from '../../components/Wizard.js';
import { Setup, type SetupChoice } from '../../components/Setup.js';
import { GatewayKinds } from '../../components/GatewayKinds.js';
import type { CrossmeshConfig, GatewayKind, LinkConfig } from '../config/types.js';
import { LinkMatrix } from '../../components/LinkMatrix.js';
import { linksYaml, sameLinks } from '../render/links.js';
import { linksNotice, withFirstRunChoices } from './choices.js';
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
  /** --edit-links: show the links matrix before the wizard even when crossmesh.yaml exists */
  editLinks?: boolean;
}

/** With an earlier setup on the clusters, show what is there and ask where to continue. */
async function chooseResume(
  session: Session,
  theme: ReturnType<typeof makeTheme>,
  journal: Journal,
): Promise<ResumeChoice | 'quit' | 'interrupted'> {
  let answer: ResumeAction | undefined;
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
          answer = c;
          setImmediate(() => app.unmount());
        }}
      />
    </ThemeProvider>,
  );
  await app.waitUntilExit();
  if (answer === undefined) return 'interrupted';
  if (answer === 'quit') return 'quit';
  // "start from the first step" walks every step again: none is shown as done beforehand
  return answer === 'continue' ? { from: point, inSync } : { inSync: [] };
}

/**
 * Shows one screen of the first run until it answers, then clears it (its last frame must not stay
 * above the next screen). Undefined when the screen was left with Ctrl-C.
 */
async function askOnScreen<T>(
  theme: ReturnType<typeof makeTheme>,
  screen: (done: (answer: T) => void) => React.ReactElement,
): Promise<T | undefined> {
  let answer: T | undefined;
  const app = render(
    <ThemeProvider theme={theme}>
      {screen((a) => {
        answer = a;
        setImmediate(() => {
          app.clear();
          app.unmount();
        });
      })}
    </ThemeProvider>,
  );
  await app.waitUntilExit();
  return answer;
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
    cluster1: config.zones[0]?.context ?? '',
    cluster2: config.zones[1]?.context ?? '',
    global: config.global,
  };
  return askOnScreen<SetupChoice>(theme, (done) => (
    <Setup
      contexts={contexts}
      controlPlanes={controlPlanes}
      probe={async (c) => {
        if (!(await probeContext(tools, c)).reachable) return { reachable: false };
        return { reachable: true, global: (await controlPlaneMode(tools, c, config.systemNamespace)) === 'global' };
      }}
      initial={initial}
      onDone={done}
    />
  ));
}

/** First run: which gateway each mesh gets; undefined when the screen was left (Ctrl-C). */
async function pickGatewayKinds(config: CrossmeshConfig, theme: ReturnType<typeof makeTheme>): Promise<GatewayKind[] | undefined> {
  return askOnScreen<GatewayKind[]>(theme, (done) => (
    <GatewayKinds meshes={config.meshes.map((m) => ({ name: m.name, kind: m.gateway.kind }))} onDone={done} />
  ));
}

/** Which mesh may call which, on the links matrix; undefined when the screen was left with Ctrl-C. */
async function pickLinks(config: CrossmeshConfig, theme: ReturnType<typeof makeTheme>): Promise<LinkConfig[] | undefined> {
  return askOnScreen<LinkConfig[]>(theme, (done) => <LinkMatrix config={config} onDone={done} />);
}

/**
 * --edit-links with a crossmesh.yaml (or with nothing to write one from): the links apply to this
 * run, and the notice says how to keep them. Undefined when the screen was left with Ctrl-C.
 */
async function linksForThisRun(
  session: Session,
  theme: ReturnType<typeof makeTheme>,
): Promise<{ notice?: string; keep?: string[] } | undefined> {
  const { config, configFile, configExists } = session.o;
  const links = await pickLinks(config, theme);
  if (!links) return undefined;
  if (sameLinks(links, config.links)) return {};
  if (!(await retargetShowing(session, { ...config, links }, theme))) return undefined;
  return { notice: linksNotice(config, links, configFile, configExists), keep: linksYaml(config, links) };
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

/** Points the session at `config`, with a spinner while it asks the clusters again; false when the screen was left (Ctrl-C). */
async function retargetShowing(session: Session, config: CrossmeshConfig, theme: ReturnType<typeof makeTheme>): Promise<boolean> {
  return (
    (await whileOpening(
      session.retarget(config).then(() => session),
      theme,
    )) !== undefined
  );
}

/** Runs the full-screen wizard; returns the process exit code. */
export async function runTui(opening: Session | Promise<Session>, o: TuiOptions): Promise<number> {
  const theme = makeTheme(o.color, o.env);
  const session = opening instanceof Promise ? await whileOpening(opening, theme) : opening;
  if (!session) return EXIT.interrupted;
  let notice: string | undefined;
  let keepLinks: string[] | undefined;
  const editForThisRun = async (): Promise<boolean> => {
    const edited = await linksForThisRun(session, theme);
    if (!edited) return false;
    notice = edited.notice;
    keepLinks = edited.keep;
    return true;
  };
  if (!session.o.configExists) {
    const choice = await pickContexts(session, theme, o.contexts);
    if (!choice) {
      if (!session.rehearsal) return EXIT.interrupted;
      // fewer than two contexts: nothing to write crossmesh.yaml from, but --edit-links still picks this run's links
      if (o.editLinks && !(await editForThisRun())) return EXIT.interrupted;
    } else {
      // the file form: the prefix, if any, stays a key of its own and is not written into the names
      const { config } = session.o;
      const kinds = await pickGatewayKinds(config, theme);
      if (!kinds) return EXIT.interrupted;
      const withKinds = withFirstRunChoices(config, { contexts: choice, kinds });
      const links = await pickLinks(withKinds, theme);
      if (!links) return EXIT.interrupted;
      const picked = withFirstRunChoices(withKinds, { links });
      if (!(await retargetShowing(session, picked, theme))) return EXIT.interrupted;
      // the only time crossmesh writes crossmesh.yaml: afterwards it is the user's file
      saveConfig(session.o.configFile, session.o.prefix ? { ...picked, prefix: session.o.prefix } : picked);
      notice = `Your choices are saved in ${session.o.configFile}; crossmesh reads it from now on and never rewrites it.`;
    }
  } else if (o.editLinks && !(await editForThisRun())) return EXIT.interrupted;

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
  // below the wizard's last frame, where it can be copied whole
  if (keepLinks) process.stdout.write(`The links of this run, to keep in ${session.o.configFile}:\n${keepLinks.join('\n')}\n`);
  if (!engineDone) {
    // Ctrl-C: stop every wait now, so no timer keeps the process alive after the screen is gone
    engine.cancel();
    return EXIT.interrupted;
  }
  return exitCode;
}
