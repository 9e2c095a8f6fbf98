import type { Answer, Asker, Question } from '../engine/events.js';
import { isAddress } from '../config/validate.js';
import type { Prompter } from './prompter.js';
import { choicesOf, failureAnswers, rebindAnswers, stepAnswers } from '../render/keymap.js';

/** A question that is never answered here: it stays open until the engine withdraws it. */
function whileNotWithdrawn(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('withdrawn')), { once: true }));
}

/*
 * Each asker below is a function with one overload, Asker's own signature, over an implementation
 * that returns any answer: TypeScript cannot check a switch over q.kind against Answer<Q>, and the
 * overload says so without a type assertion.
 */

/** Answers for --yes: apply every step, stop at the first failure, never prompt. */
export function automaticAsker(opts: { rebind: boolean; onMissingAddress: (meshName: string, mesh: string) => void }): Asker {
  function ask<Q extends Question>(q: Q, signal?: AbortSignal): Promise<Answer<Q>>;
  function ask(q: Question, signal?: AbortSignal): Promise<Answer<Question>> {
    switch (q.kind) {
      case 'step':
        return Promise.resolve('apply');
      case 'failure':
        return Promise.resolve('quit');
      case 'rebind':
        return Promise.resolve(opts.rebind ? 'rebind' : 'refuse');
      case 'wait':
        return whileNotWithdrawn(signal);
      case 'gateway-address':
        if (!q.timedOut) return whileNotWithdrawn(signal);
        opts.onMissingAddress(q.meshName, q.mesh);
        return Promise.resolve('quit');
    }
  }
  return ask;
}

/** Answers typed line by line (the plain front end). */
export function promptingAsker(prompter: Prompter, opts: { rebind: boolean }): Asker {
  function ask<Q extends Question>(q: Q, signal?: AbortSignal): Promise<Answer<Q>>;
  async function ask(q: Question, signal?: AbortSignal): Promise<Answer<Question>> {
    switch (q.kind) {
      case 'step': {
        const overwrite = q.drifted
          ? ` ${q.drifted} object${q.drifted === 1 ? '' : 's'} above differ${q.drifted === 1 ? 's' : ''} from the plan and will be overwritten.`
          : '';
        return prompter.choose(
          q.rehearsal ? `Step ${q.step} (rehearsal: nothing is applied)` : `Step ${q.step}: apply it?${overwrite}`,
          choicesOf(stepAnswers(q)),
          'apply',
        );
      }
      case 'failure':
        return prompter.choose(`The ${q.phase} of step ${q.step} failed. What now?`, choicesOf(failureAnswers()), 'quit');
      case 'rebind': {
        if (opts.rebind) return 'rebind';
        return prompter.choose(`${q.message}. Bind it to the new cluster?`, choicesOf(rebindAnswers()), 'refuse');
      }
      case 'wait':
        // the plain front end only shows progress while waiting; Ctrl-C ends the process
        return whileNotWithdrawn(signal);
      case 'gateway-address': {
        // while waiting, the plain front end only shows progress; it asks once the wait is over
        if (!q.timedOut) return whileNotWithdrawn(signal);
        const answer = await prompter.text(
          `No LoadBalancer address for ${q.meshName}'s gateway. Type an address cluster 2 can reach, or "skip" / "quit":`,
          (v) =>
            v === 'skip' || v === 'quit' || isAddress(v) ? undefined : 'an IP address or DNS name without scheme or port, or skip, or quit',
        );
        return answer === 'skip' || answer === 'quit' ? answer : { address: answer };
      }
    }
  }
  return ask;
}
