import { api } from './client';
import type { LoginResponse, Principal } from './types';

export function login(email: string, password: string): Promise<LoginResponse> {
  return api.post<LoginResponse>('/api/auth/login', { email, password }, { anonymous: true });
}

/** Who the stored session token belongs to. */
export function fetchCurrentPrincipal(signal?: AbortSignal): Promise<Principal> {
  return api.get<Principal>('/api/auth/me', { signal });
}
