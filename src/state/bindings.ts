import type { Journal } from './journal.js';

export interface BindingMismatch {
  context: string;
  recorded: string;
  current: string;
}

export function describeMismatch(m: BindingMismatch): string {
  return `context "${m.context}" now points to a different cluster (kube-system UID ${m.current}, recorded ${m.recorded})`;
}

/** Contexts whose cluster fingerprint (kube-system UID) differs from the one recorded when first used. */
export function movedContexts(journal: Journal, fingerprints: Record<string, string>): BindingMismatch[] {
  return Object.entries(fingerprints).flatMap(([context, current]) => {
    const recorded = journal.data.bindings[context]?.fingerprint;
    return recorded && recorded !== current ? [{ context, recorded, current }] : [];
  });
}
