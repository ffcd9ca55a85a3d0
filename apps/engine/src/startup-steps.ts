import type { INestApplication } from '@nestjs/common';
import type { Env } from './config/env';

/** Work done after migrations and before the server listens (for example loading the demo data). */
export type StartupStep = (app: INestApplication, env: Env, log: (line: string) => void) => Promise<void>;
