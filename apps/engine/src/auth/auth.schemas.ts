import { z } from 'zod';
import { ROLES, API_KEY_SCOPES } from './access.decorator';

export const loginSchema = z.strictObject({
  email: z.string().trim().min(1, 'email is required'),
  password: z.string().min(1, 'password is required'),
});

const role = z.enum(ROLES as [string, ...string[]]).describe('admin, marketer or analyst') as z.ZodType<'admin' | 'marketer' | 'analyst'>;

export const createUserSchema = z.strictObject({
  email: z.string().trim().email('email must be an email address'),
  name: z.string().trim().max(200).optional(),
  role,
  password: z.string().min(10, 'password must have at least 10 characters').max(200),
});

export const updateUserSchema = z
  .strictObject({
    name: z.string().trim().max(200).optional(),
    role: role.optional(),
    password: z.string().min(10, 'password must have at least 10 characters').max(200).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'send at least one of name, role, password, disabled');

export const createApiKeySchema = z.strictObject({
  name: z.string().trim().min(1, 'name is required').max(200),
  scopes: z
    .array(z.enum(API_KEY_SCOPES as ['ingest', 'read']))
    .min(1, 'give at least one scope: ingest (write-only) or read')
    .transform((s) => [...new Set(s)]),
});

export const idParam = z.coerce.number({ error: 'the id must be a number' }).int().positive('the id must be a positive number');
