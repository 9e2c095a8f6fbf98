import type { EngineEvent, PreviewItem, Question, StepOutcome } from '../engine/events.js';
import type { CheckResult, StepId } from '../model/types.js';

import type { StepStatus } from '../model/types.js';

export type { StepStatus };

export interface LogLine {
  id: number;
  text: string;
  tone: 'info' | 'ok' | 'warn' | 'fail' | 'output' | 'dim';
}

export interface Failure {
  phase: string;
  command: string;
  message: string;
  hint: string;
}

/** Everything the wizard screen shows, derived from engine events only. */
export interface WizardState {
  rehearsal: boolean;
  rehearsalReason?: string;
  steps: Array<{ id: StepId; title: string; status: StepStatus }>;
  current?: StepId;
  index: number;
  total: number;
  preview: PreviewItem[];
  log: LogLine[];
  checks: CheckResult[];
  failure?: Failure;
  diff?: string;
  waiting?: { label: string; elapsedMs: number; timeoutMs: number };
  busy?: string;
  question?: Question;
  finished?: { ok: boolean; message: string; quit: boolean };
  /** the step just finished, so its results stay in view while the next one is previewed */
  previous?: { step: StepId; title: string; outcome: StepOutcome; checks: CheckResult[] };
}

export const initialState = (rehearsal: boolean): WizardState => ({
  rehearsal,
  steps: [],
  index: 0,
  total: 0,
  preview: [],
  log: [],
  checks: [],
});

const MAX_LOG = 200;
let lineId = 0;

function log(state: WizardState, text: string, tone: LogLine['tone']): LogLine[] {
  return [...state.log, { id: ++lineId, text, tone }].slice(-MAX_LOG);
}

export type WizardAction = { type: 'event'; event: EngineEvent } | { type: 'ask'; question: Question } | { type: 'answered' };

export function reduce(state: WizardState, action: WizardAction): WizardState {
  if (action.type === 'ask') return { ...state, question: action.question };
  if (action.type === 'answered') return { ...state, question: undefined };
  const e = action.event;
  switch (e.type) {
    case 'run-start':
      return {
        ...state,
        rehearsal: e.rehearsal,
        ...(e.rehearsalReason ? { rehearsalReason: e.rehearsalReason } : {}),
        steps: e.steps.map((s) => ({ ...s, status: e.inSync?.includes(s.id) ? 'in-sync' : 'pending' })),
      };
    case 'step-start':
      return {
        ...state,
        current: e.step,
        index: e.index,
        total: e.total,
        preview: [],
        checks: [],
        failure: undefined,
        diff: undefined,
        waiting: undefined,
        busy: undefined,
        log: [],
        // a step left with "back" has no outcome: it is pending again, so only one step is current
        steps: state.steps.map((s) =>
          s.id === e.step ? { ...s, status: 'current' } : s.status === 'current' ? { ...s, status: 'pending' } : s,
        ),
      };
    case 'preview':
      return { ...state, preview: e.items };
    case 'activity':
      return {
        ...state,
        busy: e.status === 'start' ? e.label : undefined,
        waiting: e.status === 'start' ? state.waiting : undefined,
        failure: e.status === 'start' ? state.failure : state.failure,
        log:
          e.status === 'start'
            ? state.log
            : log(
                state,
                `${e.label}${e.detail ? `: ${e.detail}` : ''}`,
                e.status === 'ok' ? 'ok' : e.status === 'warn' ? 'warn' : e.status === 'fail' ? 'fail' : 'dim',
              ),
      };
    case 'output':
      return { ...state, log: log(state, `${e.tool}: ${e.line}`, 'output') };
    case 'waiting':
      return { ...state, waiting: { label: e.label, elapsedMs: e.elapsedMs, timeoutMs: e.timeoutMs } };
    case 'diff':
      return { ...state, diff: e.text };
    case 'checks':
      return { ...state, busy: undefined, checks: e.results };
    case 'failure':
      return { ...state, busy: undefined, failure: { phase: e.phase, command: e.command, message: e.message, hint: e.hint } };
    case 'step-end':
      return {
        ...state,
        busy: undefined,
        waiting: undefined,
        previous: {
          step: e.step,
          title: state.steps.find((s) => s.id === e.step)?.title ?? e.step,
          outcome: e.outcome,
          checks: state.checks,
        },
        steps: state.steps.map((s) => (s.id === e.step ? { ...s, status: e.outcome } : s)),
      };
    case 'run-end':
      return { ...state, busy: undefined, question: undefined, finished: { ok: e.ok, message: e.message, quit: Boolean(e.quit) } };
  }
}
