// Every queue the runtime uses, in one place (the BullMQ queue names and the in-process ones).
export const QUEUES = {
  /** "Advance these enrollments" or "advance what is due for this flow version" (StepJob). */
  steps: 'retain-steps',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
