/**
 * How many PostgreSQL connections one engine process may open. A step job holds its batch's
 * transaction on one connection while it reads facts and performs actions on others, so the pool
 * must have room for every step job's transaction plus the other long holders (the outbox
 * dispatcher, two ingest groups) and at least one connection left to finish the work: otherwise
 * all connections wait for each other, a cycle PostgreSQL cannot see. Step jobs run at most
 * twice the worker concurrency at once: the queue's own, and as many run here without the queue
 * (AddJobOptions.preferLocal) when slots were free.
 */
export const CONNECTIONS_BESIDES_STEP_JOBS = 6;
export const MIN_POOL_SIZE = 10;

export function databasePoolSize(workerConcurrency: number, runsSteps = true): number {
  // a process without the worker role runs no step job
  return Math.max(MIN_POOL_SIZE, (runsSteps ? 2 * workerConcurrency : 0) + CONNECTIONS_BESIDES_STEP_JOBS);
}
