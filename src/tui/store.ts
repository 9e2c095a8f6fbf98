import type { Asker, EngineEvent, Question } from '../engine/events.js';
import { initialState, reduce, type WizardAction, type WizardState } from './state.js';

/**
 * Bridges the engine and React: engine events go through the reducer, and each question waits
 * here until a key press answers it.
 */
export class WizardStore {
  private state: WizardState;
  private readonly listeners = new Set<() => void>();
  private pending: { question: Question; resolve: (value: unknown) => void } | undefined;

  constructor(rehearsal: boolean) {
    this.state = initialState(rehearsal);
  }

  getSnapshot = (): WizardState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private dispatch(action: WizardAction): void {
    this.state = reduce(this.state, action);
    for (const l of this.listeners) l();
  }

  emit = (event: EngineEvent): void => this.dispatch({ type: 'event', event });

  ask: Asker = ((question: Question, signal?: AbortSignal) =>
    new Promise((resolve, reject) => {
      this.pending = { question, resolve: resolve as (value: unknown) => void };
      this.dispatch({ type: 'ask', question });
      signal?.addEventListener(
        'abort',
        () => {
          if (this.pending?.question !== question) return;
          this.pending = undefined;
          this.dispatch({ type: 'answered' });
          reject(new Error('question withdrawn'));
        },
        { once: true },
      );
    })) as Asker;

  answer(value: unknown): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.dispatch({ type: 'answered' });
    p.resolve(value);
  }
}
