/** The session token, kept in sessionStorage: it lives as long as the browser tab. */

const TOKEN_KEY = 'retain.session.token';
const EXPIRES_KEY = 'retain.session.expiresAt';

export function saveSession(token: string, expiresAt: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
  sessionStorage.setItem(EXPIRES_KEY, expiresAt);
}

/** The stored token, or null when there is none or it has expired. */
export function readToken(now: Date = new Date()): string | null {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const expiresAt = sessionStorage.getItem(EXPIRES_KEY);
  if (!token) return null;
  if (expiresAt && new Date(expiresAt).getTime() <= now.getTime()) {
    clearSession();
    return null;
  }
  return token;
}

export function clearSession(): void {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
}
