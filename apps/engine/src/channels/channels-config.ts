// The channels' settings, read once from the environment (config/env.ts documents each variable).
import { persistentSecret } from '../config/secrets';
import type { Env } from '../config/env';
import { parseAllowlist, type Allowlist } from './webhooks/address-guard';
import { parseFrequencyCap, type FrequencyCap } from './guards/frequency-cap';
import { parseQuietHours, type QuietHours } from './guards/quiet-hours';

export interface ChannelsConfig {
  smtpUrl?: string;
  emailFrequencyCap?: FrequencyCap;
  quietHours?: QuietHours;
  unknownAfterMs: number;
  webhook: {
    secret: string;
    allowlist: Allowlist;
    maxAttempts: number;
    retryBaseMs: number;
    timeoutMs: number;
  };
}

export const CHANNELS_CONFIG = Symbol('CHANNELS_CONFIG');

export function channelsConfigFrom(env: Env): ChannelsConfig {
  return {
    smtpUrl: env.SMTP_URL,
    emailFrequencyCap: env.RETAIN_EMAIL_FREQUENCY_CAP ? parseFrequencyCap(env.RETAIN_EMAIL_FREQUENCY_CAP) : undefined,
    quietHours: env.RETAIN_QUIET_HOURS ? parseQuietHours(env.RETAIN_QUIET_HOURS) : undefined,
    unknownAfterMs: env.RETAIN_DELIVERY_UNKNOWN_AFTER_SECONDS * 1000,
    webhook: {
      secret: persistentSecret(env, 'webhook-secret', env.RETAIN_WEBHOOK_SECRET),
      allowlist: parseAllowlist(env.RETAIN_WEBHOOK_ALLOWLIST),
      maxAttempts: env.RETAIN_WEBHOOK_MAX_ATTEMPTS,
      retryBaseMs: env.RETAIN_WEBHOOK_RETRY_BASE_MS,
      timeoutMs: env.RETAIN_WEBHOOK_TIMEOUT_MS,
    },
  };
}
