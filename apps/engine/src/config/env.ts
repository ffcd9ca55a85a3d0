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
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
});

export type Env = z.infer<typeof envSchema> & { repoRoot: string; retainHome: string; dataDir: string };

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
  };
}
