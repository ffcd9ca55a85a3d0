/**
 * Job ids are checked the same way for both drivers, so what works in-process works on BullMQ:
 * BullMQ refuses ids that are integers or contain ':'.
 */
export function assertJobId(jobId: string): void {
  if (!jobId || jobId.includes(':') || `${Number.parseInt(jobId, 10)}` === jobId) {
    throw new Error(`Job id "${jobId}" is not allowed: it must not be empty, an integer, or contain ":"`);
  }
}
