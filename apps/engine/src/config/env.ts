import { z } from 'zod';
import path from 'node:path';

/** Every setting Retain reads from the environment, validated once at boot. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  /** PostgreSQL to use. Unset: an embedded PostgreSQL is started under RETAIN_HOME. */
  DATABASE_URL: z.string().url().optional(),
  /** Redis for BullMQ workers. Unset: the in-process queue driver. */
  REDIS_URL: z.string().url().optional(),
  // ---- Runtime (apps/engine/src/runtime): process roles, step batches, reconciler ----
  /** What this process does, comma-separated: api (HTTP), worker (queue processors), scheduler (reconciler, crons). */
  RETAIN_ROLES: z
    .string()
    .default('api,worker,scheduler')
    .transform((value) => [...new Set(value.split(',').map((role) => role.trim()).filter(Boolean))])
    .pipe(z.array(z.enum(['api', 'worker', 'scheduler'], { error: 'roles are api, worker and scheduler' })).min(1, { error: 'needs at least one role' })),
  /** Enrollments one step job claims and advances together. */
  RETAIN_RUNTIME_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Step jobs one worker process runs at the same time. */
  RETAIN_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** How often the reconciler looks for due enrollments the queue lost. */
  RETAIN_RECONCILE_INTERVAL_MS: z.coerce.number().int().min(100).default(5000),
  /** Namespace of the runtime's keys in Redis (BullMQ prefix): separate deployments or test runs on one Redis. */
  RETAIN_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('retain'),
  // ---- end of runtime ----
  /** Folder for the embedded database and generated secrets. */
  RETAIN_HOME: z.string().default('.retain'),
  /** Port of the embedded PostgreSQL. */
  RETAIN_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  /** Signs session tokens. Unset: a random secret is generated once and kept in RETAIN_HOME. */
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** First admin, created when there is no user yet. */
  RETAIN_ADMIN_EMAIL: z.string().email().default('admin@retain.local'),
  RETAIN_ADMIN_PASSWORD: z.string().min(8).optional(),
  /** Load the Online Retail demo data on first start (npm start sets it). */
  RETAIN_DEMO: z.enum(['0', '1', 'true', 'false']).default('0').transform((v) => v === '1' || v === 'true'),
  RETAIN_DATA_DIR: z.string().optional(),
  /** Builder build to serve (apps/builder/dist by default). */
  RETAIN_BUILDER_DIR: z.string().optional(),
  /** When the churn models retrain (a cron expression; the schedule only enqueues a training run). "off" disables it. */
  RETAIN_MODEL_TRAINING_CRON: z.string().default('0 3 * * *'),
  // ---- Channels (apps/engine/src/channels): email, offers, webhooks, guards ----
  /** SMTP server for flow emails, e.g. smtp://user:pass@smtp.example.com:587 (smtps:// for TLS). Unset: email steps fail with "email is not configured". */
  SMTP_URL: z.string().url().optional(),
  /** Most emails a customer gets from all flows together in a window, "3/7d" (h or d). Unset: no cap. */
  RETAIN_EMAIL_FREQUENCY_CAP: z.string().regex(/^\d+\/\d+[hd]$/, 'must look like 3/7d (count/window in h or d)').optional(),
  /** No email in these local hours of the customer's time zone, "21:00-08:00"; the step waits until they end. Unset: none. */
  RETAIN_QUIET_HOURS: z.string().regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must look like 21:00-08:00').optional(),
  /** A step left "sending" (the engine died mid-send) for this long is marked "unknown", never resent. */
  RETAIN_DELIVERY_UNKNOWN_AFTER_SECONDS: z.coerce.number().int().positive().default(600),
  /** Signs webhook bodies (X-Retain-Signature). Unset: a random secret is generated once and kept in RETAIN_HOME. */
  RETAIN_WEBHOOK_SECRET: z.string().min(16, 'RETAIN_WEBHOOK_SECRET must be at least 16 characters').optional(),
  /** Hosts and CIDRs webhooks may reach although private, loopback or link-local, comma-separated ("127.0.0.1,10.0.0.0/8,crm.internal"). */
  RETAIN_WEBHOOK_ALLOWLIST: z.string().default(''),
  /** Attempts per webhook (network errors, 5xx and 429 are retried with exponential backoff). */
  RETAIN_WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  /** First retry delay; each next one doubles. */
  RETAIN_WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(0).default(1000),
  RETAIN_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10000),
  // ---- end of channels ----
  // ---- Experiments (apps/engine/src/experiments): minimum sample of an A/B split ----
  /** Exposures every arm needs before a split's result counts and an arm can be promoted. */
  RETAIN_EXPERIMENT_MIN_EXPOSURES: z.coerce.number().int().min(0).default(400),
  /** Conversions every arm needs before a split's result counts and an arm can be promoted. */
  RETAIN_EXPERIMENT_MIN_CONVERSIONS: z.coerce.number().int().min(0).default(20),
  /** How often the scheduler looks for A/B splits set to promote their winner automatically; 0 turns it off. */
  RETAIN_AUTO_PROMOTE_INTERVAL_MS: z.coerce.number().int().min(0).default(600_000),
  // ---- end of experiments ----
  // ---- Tracking and holdouts (apps/engine/src/tracking, runtime/enrollments, holdouts) ----
  /** Address customers' mail clients reach Retain at, for open pixels and click links, e.g. https://retain.example.com. Unset: http://HOST:PORT. */
  RETAIN_PUBLIC_URL: z
    .string()
    .url({ error: 'must be an absolute URL such as https://retain.example.com' })
    .refine((url) => /^https?:\/\//.test(url), { error: 'must start with http:// or https://' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Signs open and click tracking links. Unset: a random secret is generated once and kept in RETAIN_HOME. */
  RETAIN_TRACKING_SECRET: z.string().min(16, 'RETAIN_TRACKING_SECRET must be at least 16 characters').optional(),
  /** Percent of all customers (chosen by a hash of the customer id) that no flow ever enrolls: the global control group. 0: none. */
  RETAIN_GLOBAL_CONTROL_PERCENT: z.coerce.number().min(0).max(50, { error: 'must be between 0 and 50' }).default(0),
  // ---- end of tracking and holdouts ----
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type Env = z.infer<typeof envSchema> & { repoRoot: string; retainHome: string; dataDir: string; publicUrl: string };

/** The repository root, found from this file whether it runs from src (tests) or dist. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  return {
    ...env,
    repoRoot: REPO_ROOT,
    retainHome: path.resolve(env.RETAIN_HOME),
    dataDir: path.resolve(env.RETAIN_DATA_DIR ?? path.join(REPO_ROOT, '..', 'shared', 'data')),
    publicUrl: env.RETAIN_PUBLIC_URL ?? `http://${env.HOST}:${env.PORT}`,
  };
}
