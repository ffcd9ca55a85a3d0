import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './env';

/** A secret from the environment, or one generated on first start and kept (mode 600) in RETAIN_HOME. */
export function persistentSecret(env: Env, name: string, fromEnv: string | undefined, make = () => randomBytes(32).toString('base64url')): string {
  if (fromEnv) return fromEnv;
  const file = path.join(env.retainHome, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(env.retainHome, { recursive: true });
  const value = make();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return value;
}
