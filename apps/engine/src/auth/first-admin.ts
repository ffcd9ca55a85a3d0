import { randomBytes } from 'node:crypto';
import type { Env } from '../config/env';
import { persistentSecret } from '../config/secrets';
import { UsersService } from './users.service';

/**
 * With no user yet, creates the first admin (RETAIN_ADMIN_EMAIL; password from RETAIN_ADMIN_PASSWORD
 * or generated and kept in RETAIN_HOME/admin-password so that every start can print the login).
 */
export async function ensureFirstAdmin(users: UsersService, env: Env): Promise<{ email: string; password: string | null }> {
  const password = env.RETAIN_ADMIN_PASSWORD ?? persistentSecret(env, 'admin-password', undefined, () => randomBytes(12).toString('base64url'));
  if ((await users.count()) === 0) {
    await users.create(undefined, { email: env.RETAIN_ADMIN_EMAIL, name: 'Administrator', role: 'admin', password });
  }
  return { email: env.RETAIN_ADMIN_EMAIL, password };
}
