import type { CheckResult, Manifest, StepId, StepOutcome, Target } from '../model/types.js';

export type { StepOutcome } from '../model/types.js';
import type { MeshKey } from '../config/types.js';

export interface PreviewItem {
  manifest: Manifest;
  yaml: string;
  command: string;
  target: Target;
}

export type EngineEvent =
  | {
      type: 'run-start';
      rehearsal: boolean;
      rehearsalReason?: string;
      steps: Array<{ id: StepId; title: string }>;
      firstStep: StepId;
      inSync?: StepId[];
    }
  | { type: 'step-start'; step: StepId; index: number; total: number }
  | { type: 'preview'; step: StepId; items: PreviewItem[] }
  | { type: 'activity'; step: StepId; label: string; status: 'start' | 'ok' | 'warn' | 'fail' | 'skip'; detail?: string }
  | { type: 'output'; step: StepId; line: string; stream: 'stdout' | 'stderr'; tool: string }
  | { type: 'diff'; step: StepId; text: string }
  | { type: 'waiting'; step: StepId; label: string; elapsedMs: number; timeoutMs: number }
  | { type: 'checks'; step: StepId; results: CheckResult[] }
  | { type: 'failure'; step: StepId; phase: string; command: string; message: string; hint: string }
  | { type: 'step-end'; step: StepId; outcome: StepOutcome }
  /** quit: the user stopped the run; nothing is left to answer, not even "Enter to exit" */
  | { type: 'run-end'; ok: boolean; message: string; quit?: boolean };

export type StepDecision = 'apply' | 'skip' | 'back' | 'diff' | 'quit';
export type FailureDecision = 'retry' | 'skip' | 'quit';

/** Questions the engine asks the front end; the answer type follows from `kind`. */
export type Question =
  /** drifted: how many of the step's objects differ from the plan (applying overwrites them) */
  | { kind: 'step'; step: StepId; canGoBack: boolean; rehearsal: boolean; drifted?: number }
  | { kind: 'failure'; step: StepId; phase: string; message: string }
  | { kind: 'gateway-address'; step: StepId; mesh: MeshKey; meshName: string; timedOut: boolean }
  | { kind: 'rebind'; step: StepId; context: string; message: string }
  /** asked while crossmesh waits on the clusters; the only answer is to stop waiting and quit */
  | { kind: 'wait'; step: StepId; label: string };

export type Answer<Q extends Question> = Q extends { kind: 'step' }
  ? StepDecision
  : Q extends { kind: 'failure' }
    ? FailureDecision
    : Q extends { kind: 'rebind' }
      ? 'rebind' | 'refuse'
      : Q extends { kind: 'wait' }
        ? 'quit'
        : { address: string } | 'skip' | 'quit';

export interface Asker {
  <Q extends Question>(question: Q, signal?: AbortSignal): Promise<Answer<Q>>;
}
