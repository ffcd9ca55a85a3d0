import type { TestApp } from '../testing/test-app';

/** Waits until a training run has finished (the runner picks it up on enqueue). */
export async function waitForRun(t: TestApp, id: number, timeoutMs = 240_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await t.prisma.trainingRun.findUniqueOrThrow({ where: { id }, include: { modelVersions: { orderBy: { id: 'asc' } } } });
    if (run.status === 'succeeded' || run.status === 'failed') return run;
    if (Date.now() > deadline) throw new Error(`training run ${id} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
