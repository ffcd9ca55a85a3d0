import { api, request } from './client';
import type { Role } from './types';

/** Shapes and calls of the admin endpoints: users, API keys, audit log (admins only). */

export interface User {
  id: number;
  email: string;
  name: string | null;
  role: Role;
  createdAt: string;
  updatedAt: string;
  disabledAt: string | null;
}

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export type ApiKeyScope = 'ingest' | 'read';

export interface ApiKey {
  id: number;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  createdById: number | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** The create answer carries the full key, once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
}

export const listUsers = (signal?: AbortSignal) => api.get<User[]>('/api/users', { signal });
export const createUser = (user: NewUser) => api.post<User>('/api/users', user);
export const updateUser = (id: number, change: { role?: Role; disabled?: boolean; name?: string }) => request<User>('PATCH', `/api/users/${id}`, { body: change });

export const listApiKeys = (signal?: AbortSignal) => api.get<ApiKey[]>('/api/api-keys', { signal });
export const createApiKey = (name: string, scopes: ApiKeyScope[]) => api.post<CreatedApiKey>('/api/api-keys', { name, scopes });
export const revokeApiKey = (id: number) => request<ApiKey>('DELETE', `/api/api-keys/${id}`);

export const listAudit = (before: string | null, signal?: AbortSignal) => api.get<AuditEntry[]>('/api/audit', { query: { limit: 50, before }, signal });
