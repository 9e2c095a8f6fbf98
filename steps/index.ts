import type { Step, StepId } from '../src/engine/types.js';
import { prerequisites } from './prerequisites.js';
import { namespaces } from './namespaces.js';
import { mtls } from './mtls.js';
import { permissions } from './permissions.js';
import { workloads } from './workloads.js';
import { gateway } from './gateway.js';
import { externalService } from './external-service.js';
import { reverseMatrix } from './reverse-matrix.js';
import { verify } from './verify.js';

/** Every step, in the guide's order. */
export const STEPS: readonly Step[] = [prerequisites, namespaces, mtls, permissions, workloads, gateway, externalService, reverseMatrix, verify];

export const STEP_IDS: readonly StepId[] = STEPS.map((s) => s.id);

export function stepById(id: string): Step | undefined {
  return STEPS.find((s) => s.id === id);
}
