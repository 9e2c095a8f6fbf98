import type { Asker, Question } from '../engine/events.js';
import { isAddress } from '../config/validate.js';
import type { Prompter } from './prompter.js';

/** A question that is never answered here: it stays open until the engine withdraws it. */
function whileNotWithdrawn(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('withdrawn')), { once: true }));
}

/** Answers for --yes: apply every step, stop at the first failure, never prompt. */
export function automaticAsker(opts: { rebind: boolean; onMissingAddress: (meshName: string, mesh: string) => void }): Asker {
  return ((q: Question, signal?: AbortSignal) => {
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
  }) as Asker;
}

/** Answers typed line by line (the plain front end). */
export function promptingAsker(prompter: Prompter, opts: { rebind: boolean }): Asker {
  return (async (q: Question, signal?: AbortSignal) => {
    switch (q.kind) {
      case 'step': {
        const choices = [
          { key: 'a', label: q.rehearsal ? 'next' : 'apply', value: 'apply' as const },
          { key: 's', label: 'skip', value: 'skip' as const },
          ...(q.canGoBack ? [{ key: 'b', label: 'back', value: 'back' as const }] : []),
          ...(q.rehearsal ? [] : [{ key: 'd', label: 'diff', value: 'diff' as const }]),
          { key: 'q', label: 'quit', value: 'quit' as const },
        ];
        const overwrite = q.drifted
          ? ` ${q.drifted} object${q.drifted === 1 ? '' : 's'} above differ${q.drifted === 1 ? 's' : ''} from the plan and will be overwritten.`
          : '';
        return prompter.choose(
          q.rehearsal ? `Step ${q.step} (rehearsal: nothing is applied)` : `Step ${q.step}: apply it?${overwrite}`,
          choices,
          'apply',
        );
      }
      case 'failure':
        return prompter.choose(
          `The ${q.phase} of step ${q.step} failed. What now?`,
          [
            { key: 'r', label: 'retry', value: 'retry' as const },
            { key: 's', label: 'skip', value: 'skip' as const },
            { key: 'q', label: 'quit', value: 'quit' as const },
          ],
          'quit',
        );
      case 'rebind': {
        if (opts.rebind) return 'rebind';
        return prompter.choose(
          `${q.message}. Bind it to the new cluster?`,
          [
            { key: 'n', label: 'no, stop', value: 'refuse' as const },
            { key: 'y', label: 'yes, rebind', value: 'rebind' as const },
          ],
          'refuse',
        );
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
  }) as Asker;
}
