import { EnrollmentCoalescer } from './enrollment-coalescer';
import type { EnrollRequest, FlowEnroller } from './flow-enroller';

/** An enroller that records its calls and finishes each one when the test says so. */
function recordingEnroller(failFlow?: number) {
  const calls: EnrollRequest[] = [];
  const finished: number[] = [];
  const enroller: FlowEnroller = {
    async enroll(request) {
      calls.push(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (request.flowId === failFlow) throw new Error('database gone');
      finished.push(request.flowId);
      return { enrolled: request.customerIds.length, skipped: [] };
    },
    resumeWaitingForEvent: async () => 0,
    recordGoalEvent: async () => 0,
  };
  return { enroller, calls, finished };
}

describe('EnrollmentCoalescer', () => {
  it('gives callers arriving together one enroll call per flow, and resolves each after its customers are written', async () => {
    const { enroller, calls, finished } = recordingEnroller();
    const coalescer = new EnrollmentCoalescer(enroller, 'event', () => undefined);
    const waits = [coalescer.enroll(1, [10]), coalescer.enroll(1, [11, 10]), coalescer.enroll(2, [10])];
    expect(calls).toHaveLength(0); // the batch is still open
    await Promise.all(waits);
    expect(calls.map((c) => [c.flowId, [...c.customerIds].sort(), c.source])).toEqual([
      [1, [10, 11], 'event'],
      [2, [10], 'event'],
    ]);
    expect(finished.sort()).toEqual([1, 2]);
    // a later caller opens a new batch
    await coalescer.enroll(1, [12]);
    expect(calls.map((c) => c.customerIds)).toEqual([[10, 11], [10], [12]]);
  });

  it('reports a failing flow and still releases its callers; the other flows are enrolled', async () => {
    const { enroller, finished } = recordingEnroller(1);
    const errors: string[] = [];
    const coalescer = new EnrollmentCoalescer(enroller, 'event', (flowId, customers, error) => errors.push(`${flowId}:${customers}:${error.message}`));
    await Promise.all([coalescer.enroll(1, [5, 6]), coalescer.enroll(2, [5])]);
    expect(errors).toEqual(['1:2:database gone']);
    expect(finished).toEqual([2]);
  });

  it('flush enrolls what is open at once', async () => {
    const { enroller, calls } = recordingEnroller();
    const coalescer = new EnrollmentCoalescer(enroller, 'event', () => undefined);
    const wait = coalescer.enroll(3, [1]);
    await coalescer.flush();
    expect(calls).toHaveLength(1);
    await wait;
    await coalescer.flush(); // nothing open: nothing to do
    expect(calls).toHaveLength(1);
  });
});
