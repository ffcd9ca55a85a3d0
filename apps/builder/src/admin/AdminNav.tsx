import { NavLink } from 'react-router-dom';

export function AdminNav() {
  return (
    <nav className="sub-nav" aria-label="Administration">
      <NavLink to="/admin/users">Users</NavLink>
      <NavLink to="/admin/api-keys">API keys</NavLink>
      <NavLink to="/admin/audit">Audit log</NavLink>
    </nav>
  );
}
