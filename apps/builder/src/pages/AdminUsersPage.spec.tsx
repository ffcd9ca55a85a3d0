import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { User } from '../api/admin';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeFetch } from '../testing/fake-fetch';
import { AdminUsersPage } from './AdminUsersPage';
import { AuditLogPage } from './AuditLogPage';

const ME: User = { id: 1, email: 'admin@example.com', name: 'Admin', role: 'admin', createdAt: '2026-12-01T10:00:00.000Z', updatedAt: '2026-12-01T10:00:00.000Z', disabledAt: null };
const BOB: User = { ...ME, id: 2, email: 'bob@example.com', name: 'Bob', role: 'analyst' };

describe('users page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('adds a user with a role, changes a role and deactivates, but not for the admin themself', async () => {
    let users = [ME, BOB];
    fake = renderSignedIn('admin', {
      path: '/admin/users',
      pattern: '/admin/users',
      element: <AdminUsersPage />,
      routes: {
        'GET /api/users': () => ({ body: users }),
        'POST /api/users': (call) => {
          const body = call.body as { email: string; role: User['role'] };
          users = [...users, { ...BOB, id: 3, email: body.email, role: body.role, name: null }];
          return { status: 201, body: users[2] };
        },
        'PATCH /api/users/2': (call) => {
          const change = call.body as { role?: User['role']; disabled?: boolean };
          users = users.map((u) => (u.id === 2 ? { ...u, ...(change.role ? { role: change.role } : {}), ...(change.disabled ? { disabledAt: '2026-12-01T12:00:00.000Z' } : {}) } : u));
          return { body: users[1] };
        },
      },
    });
    const user = userEvent.setup();
    expect(await screen.findByRole('rowheader', { name: 'bob@example.com' })).toBeInTheDocument();
    expect(screen.getByLabelText('Role of admin@example.com')).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Deactivate admin@example.com' })).not.toBeInTheDocument();

    await user.type(screen.getByLabelText('Email'), 'carol@example.com');
    await user.selectOptions(screen.getByLabelText('Role'), 'marketer');
    await user.type(screen.getByLabelText(/First password/), 'a-long-password');
    await user.click(screen.getByRole('button', { name: 'Add user' }));
    expect(fake.callsTo('POST /api/users')[0].body).toEqual({ email: 'carol@example.com', role: 'marketer', password: 'a-long-password' });
    expect(await screen.findByRole('rowheader', { name: 'carol@example.com' })).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Role of bob@example.com'), 'marketer');
    expect(fake.callsTo('PATCH /api/users/2')[0].body).toEqual({ role: 'marketer' });
    await user.click(screen.getByRole('button', { name: 'Deactivate bob@example.com' }));
    expect(fake.callsTo('PATCH /api/users/2')[1].body).toEqual({ disabled: true });
    const bobRow = (await screen.findByRole('button', { name: 'Reactivate bob@example.com' })).closest('tr')!;
    expect(within(bobRow).getByText('deactivated')).toBeInTheDocument();
  });

  it('shows the engine’s explanation when a user cannot be added', async () => {
    fake = renderSignedIn('admin', {
      path: '/admin/users',
      pattern: '/admin/users',
      element: <AdminUsersPage />,
      routes: {
        'GET /api/users': { body: [ME] },
        'POST /api/users': { status: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED', message: 'The user is invalid: password must have at least 10 characters.' } },
      },
    });
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('password must have at least 10 characters');
  });

  it('an analyst opening the admin pages reads that they are for admins', async () => {
    fake = renderSignedIn('analyst', { path: '/admin/users', pattern: '/admin/users', element: <AdminUsersPage />, routes: {} });
    expect(await screen.findByRole('heading', { name: 'Admins only' })).toBeInTheDocument();
    expect(fake.callsTo('GET /api/users')).toHaveLength(0);
  });
});

describe('audit log page', () => {
  let fake: FakeFetch;
  afterEach(() => fake.restore());

  it('lists who did what and pages to older entries', async () => {
    const entry = (id: number) => ({ id: String(id), at: '2026-12-01T11:00:00.000Z', actorType: 'user', actorId: '1', action: id === 100 ? 'apiKey.revoked' : 'user.login', targetType: 'user', targetId: '1', details: { name: 'Shop' } });
    fake = renderSignedIn('admin', {
      path: '/admin/audit',
      pattern: '/admin/audit',
      element: <AuditLogPage />,
      routes: {
        'GET /api/audit': (call) => ({ body: call.query.get('before') ? [entry(3)] : Array.from({ length: 50 }, (_, i) => entry(100 - i)) }),
      },
    });
    expect(await screen.findByRole('rowheader', { name: 'apiKey.revoked' })).toBeInTheDocument();
    expect(screen.getAllByText('name: Shop')).toHaveLength(50);
    await userEvent.click(screen.getByRole('button', { name: 'Older' }));
    expect(fake.callsTo('GET /api/audit')[1].query.get('before')).toBe('51');
    expect(await screen.findByRole('button', { name: 'Older' })).toBeDisabled();
  });
});
