// Component tests of the segment, model and admin screens: render a page for a signed-in role
// against a fake engine (testing/fake-fetch.ts), the way the app does (AuthProvider + router).
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import type { Role } from '../../api/types';
import { AuthProvider } from '../../auth/AuthContext';
import { clearSession, saveSession } from '../../auth/session-store';
import { type FakeAnswer, type FakeCall, type FakeFetch, installFakeFetch } from '../../testing/fake-fetch';

export type FakeRoutes = Record<string, FakeAnswer | ((call: FakeCall) => FakeAnswer)>;

export const EMAILS: Record<Role, string> = { admin: 'admin@example.com', marketer: 'marketer@example.com', analyst: 'analyst@example.com' };

/** Renders `element` at `path` (matched by `pattern`) for a signed-in `role`; returns the fake engine. */
export function renderSignedIn(role: Role, options: { path: string; pattern: string; element: ReactElement; routes: FakeRoutes }): FakeFetch {
  clearSession();
  saveSession('test-token', new Date(Date.now() + 3_600_000).toISOString());
  const fake = installFakeFetch({
    'GET /api/auth/me': { body: { kind: 'user', userId: 1, email: EMAILS[role], role } },
    ...options.routes,
  });
  render(
    <MemoryRouter initialEntries={[options.path]}>
      <AuthProvider>
        <Routes>
          <Route path={options.pattern} element={options.element} />
          <Route path="*" element={<p>Elsewhere</p>} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
  return fake;
}
