import { Link, NavLink } from 'react-router-dom';
import type { Principal } from '../api/types';

interface AppHeaderProps {
  principal: Principal;
  onSignOut(): void;
}

/** The bar above every signed-in page: where to go, who is signed in, and a way out. */
export function AppHeader({ principal, onSignOut }: AppHeaderProps) {
  const who = principal.kind === 'user' ? principal.email : `API key ${principal.name}`;
  const role = principal.kind === 'user' ? principal.role : 'api key';
  const isAdmin = principal.kind === 'user' && principal.role === 'admin';
  return (
    <header className="app-header">
      <Link className="brand" to="/customers">
        Retain
      </Link>
      <nav aria-label="Main">
        <NavLink to="/customers">Customers</NavLink>
        <NavLink to="/segments">Segments</NavLink>
        <NavLink to="/models">Models</NavLink>
        {isAdmin && <NavLink to="/admin">Admin</NavLink>}
        <NavLink to="/flows">Flows</NavLink>
        <NavLink to="/kpis">KPIs</NavLink>
      </nav>
      <div className="signed-in-as">
        <span className="user-email" data-testid="user-email">
          {who}
        </span>
        <span className="role-badge" data-testid="user-role">
          {role}
        </span>
        <button type="button" className="button" onClick={onSignOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}
