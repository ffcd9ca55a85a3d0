import { Outlet, useNavigate } from 'react-router-dom';
import { useAuth } from '../auth/AuthContext';
import { AppHeader } from './AppHeader';

/** The frame of the signed-in pages. */
export function AppLayout() {
  const { state, signOut } = useAuth();
  const navigate = useNavigate();
  if (state.status !== 'signed-in') return null;
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader
        principal={state.principal}
        onSignOut={() => {
          signOut();
          navigate('/login', { replace: true });
        }}
      />
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
