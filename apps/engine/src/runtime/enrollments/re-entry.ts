// The trigger's re-entry policy as the SQL condition on an existing enrollment (alias `e`) that
// stops a customer from entering again. $5 is the entry time. Every policy refuses a customer who
// is still in the flow (the partial unique index enforces that too).
import type { ReEntryPolicy } from '@retain/rules';

export function reEntryCondition(policy: ReEntryPolicy): string {
  const unfinished = `e.status IN ('active', 'waiting')`;
  switch (policy.policy) {
    case 'never':
      return 'TRUE';
    case 'after-exit':
      return unfinished;
    case 'after-days': {
      const days = Math.max(1, Math.floor(Number(policy.days)) || 1);
      return `${unfinished} OR e.finished_at > $5::timestamptz - make_interval(days => ${days})`;
    }
  }
}
