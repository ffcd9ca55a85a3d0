import type { Env } from '../config/env';

export type ProcessRole = 'api' | 'worker' | 'scheduler';

/** api serves HTTP, worker runs the queue processors, scheduler runs the reconciler and crons. */
export function hasRole(env: Env, role: ProcessRole): boolean {
  return env.RETAIN_ROLES.includes(role);
}
