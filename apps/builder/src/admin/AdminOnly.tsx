import type { ReactNode } from 'react';
import { usePermissions } from './permissions';

/** Shows its children to admins; anyone else who opens the URL reads why there is nothing here. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { isAdmin } = usePermissions();
  if (isAdmin) return <>{children}</>;
  return (
    <section className="not-found" aria-labelledby="admins-only-title">
      <h1 id="admins-only-title">Admins only</h1>
      <p>Users, API keys and the audit log are managed by administrators. Ask an admin of this workspace if you need a change.</p>
    </section>
  );
}
