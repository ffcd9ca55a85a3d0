// Collects the actions that a step batch's enrollments reach together and hands them to the
// channels as one performMany call: every enrollment of the batch runs at the same time, each
// awaiting its own outcome, and the calls made before the event loop turns go out as one batch
// (bulk claim, bulk record) instead of one claim, insert and update each.
import type { StepAction } from '@retain/rules';
import type { ActionContext, ActionOutcome, ActionPerformer } from '../../channels/action-contract';
import type { PerformAction } from './advance-enrollment';

interface Waiting {
  action: StepAction;
  context: ActionContext;
  resolve: (outcome: ActionOutcome) => void;
  reject: (error: unknown) => void;
}

export class ActionBatcher {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(private readonly performer: Pick<ActionPerformer, 'performMany'>) {}

  readonly perform: PerformAction = (action, context) =>
    new Promise<ActionOutcome>((resolve, reject) => {
      this.waiting.push({ action, context, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });

  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    this.scheduled = false;
    try {
      const outcomes = await this.performer.performMany(batch.map(({ action, context }) => ({ action, context })));
      batch.forEach((item, i) => item.resolve(outcomes[i]));
    } catch (error) {
      // advanceEnrollment treats a throw as "try this step again later", per enrollment
      for (const item of batch) item.reject(error);
    }
  }
}
