import { createContext, ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { fetchCurrentPrincipal, login } from '../api/auth';
import { onUnauthorized } from '../api/client';
import type { Principal } from '../api/types';
import { clearSession, readToken, saveSession } from './session-store';

export type AuthState =
  | { status: 'checking' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; principal: Principal };

interface AuthContextValue {
  state: AuthState;
  /** Logs in, keeps the token, and loads who is signed in. Throws the ApiError on failure. */
  signIn(email: string, password: string): Promise<void>;
  signOut(): void;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** Holds who is signed in; reads /api/auth/me for a token kept from an earlier visit. */
export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>(() => (readToken() ? { status: 'checking' } : { status: 'signed-out' }));

  useEffect(() => onUnauthorized(() => setState({ status: 'signed-out' })), []);

  useEffect(() => {
    if (state.status !== 'checking') return;
    const controller = new AbortController();
    fetchCurrentPrincipal(controller.signal).then(
      (principal) => setState({ status: 'signed-in', principal }),
      () => {
        if (controller.signal.aborted) return;
        clearSession();
        setState({ status: 'signed-out' });
      },
    );
    return () => controller.abort();
  }, [state.status]);

  const signIn = useCallback(async (email: string, password: string) => {
    const session = await login(email, password);
    saveSession(session.token, session.expiresAt);
    try {
      const principal = await fetchCurrentPrincipal();
      setState({ status: 'signed-in', principal });
    } catch (error) {
      clearSession();
      throw error;
    }
  }, []);

  const signOut = useCallback(() => {
    clearSession();
    setState({ status: 'signed-out' });
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut }), [state, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth must be used inside <AuthProvider>.');
  return value;
}
