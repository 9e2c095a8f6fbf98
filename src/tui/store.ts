import type { Answer, Asker, EngineEvent, Question } from '../engine/events.js';
import { initialState, reduce, type WizardAction, type WizardState } from './state.js';

/**
 * Bridges the engine and React: engine events go through the reducer, and each question waits
 * here until a key press answers it.
 */
export class WizardStore {
  private state: WizardState;
  private readonly listeners = new Set<() => void>();
  private pending: { question: Question; resolve: (value: Answer<Question>) => void } | undefined;

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

  readonly ask: Asker = this.asker();

  /**
   * Asker's own signature as the one overload of an implementation that takes any answer: which
   * answer fits which question is the key handling's business (see render/keymap.ts).
   */
  private asker(): Asker {
    const wait = (question: Question, signal?: AbortSignal) =>
      new Promise<Answer<Question>>((resolve, reject) => {
        this.pending = { question, resolve };
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
      });
    function ask<Q extends Question>(question: Q, signal?: AbortSignal): Promise<Answer<Q>>;
    function ask(question: Question, signal?: AbortSignal): Promise<Answer<Question>> {
      return wait(question, signal);
    }
    return ask;
  }

  answer(value: Answer<Question>): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    this.dispatch({ type: 'answered' });
    p.resolve(value);
  }
}
