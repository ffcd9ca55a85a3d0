import '@testing-library/jest-dom';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router-dom';
import { App } from '../App';
import { FakeFetch, installFakeFetch } from '../testing/fake-fetch';

const ADMIN = { kind: 'user', userId: 1, email: 'admin@retain.local', role: 'admin' };

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <App />
    </MemoryRouter>,
  );
}

describe('login page', () => {
  let fake: FakeFetch;
  afterEach(() => {
    fake.restore();
    sessionStorage.clear();
  });

  it("shows the server's message when the email or password is wrong, and keeps no token", async () => {
    fake = installFakeFetch({
      'POST /api/auth/login': {
        status: 401,
        body: { statusCode: 401, code: 'INVALID_CREDENTIALS', message: 'The email or password is wrong, or the account is disabled.' },
      },
    });
    const user = userEvent.setup();
    renderAt('/login');

    await user.type(screen.getByLabelText('Email'), 'admin@retain.local');
    await user.type(screen.getByLabelText('Password'), 'not-the-password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent('The email or password is wrong, or the account is disabled.');
    expect(fake.callsTo('POST /api/auth/login')[0].body).toEqual({ email: 'admin@retain.local', password: 'not-the-password' });
    expect(fake.callsTo('POST /api/auth/login')[0].headers.authorization).toBeUndefined();
    expect(sessionStorage.length).toBe(0);
    expect(screen.getByRole('heading', { name: 'Sign in to Retain' })).toBeInTheDocument();
  });

  it('stores the session token, shows who is signed in, and opens the customers page', async () => {
    fake = installFakeFetch({
      'POST /api/auth/login': {
        body: { token: 'session-token-1', expiresAt: new Date(Date.now() + 3600_000).toISOString(), user: { id: 1, email: 'admin@retain.local', name: 'Administrator', role: 'admin' } },
      },
      'GET /api/auth/me': (call) =>
        call.headers.authorization === 'Bearer session-token-1'
          ? { body: ADMIN }
          : { status: 401, body: { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Sign in.' } },
      'GET /api/customers': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      'GET /api/customers/facets': { body: { countries: [], plans: [] } },
    });
    const user = userEvent.setup();
    renderAt('/login');

    await user.type(screen.getByLabelText('Email'), 'admin@retain.local');
    await user.type(screen.getByLabelText('Password'), 'correct-horse-battery');
    await user.keyboard('{Enter}');

    expect(await screen.findByRole('heading', { name: 'Customers' })).toBeInTheDocument();
    expect(Object.values({ ...sessionStorage })).toContain('session-token-1');
    expect(screen.getByTestId('user-email')).toHaveTextContent('admin@retain.local');
    expect(screen.getByTestId('user-role')).toHaveTextContent('admin');
    await waitFor(() => expect(fake.callsTo('GET /api/customers')[0]?.headers.authorization).toBe('Bearer session-token-1'));
  });

  it('sends a visitor without a session to the login page, and signing out forgets the token', async () => {
    fake = installFakeFetch({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/customers': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      'GET /api/customers/facets': { body: { countries: [], plans: [] } },
    });
    renderAt('/customers');
    expect(await screen.findByRole('heading', { name: 'Sign in to Retain' })).toBeInTheDocument();
    fake.restore();

    sessionStorage.setItem('retain.session.token', 'kept-token');
    fake = installFakeFetch({
      'GET /api/auth/me': { body: ADMIN },
      'GET /api/customers': { body: { items: [], total: 0, page: 1, pageSize: 25 } },
      'GET /api/customers/facets': { body: { countries: [], plans: [] } },
    });
    const user = userEvent.setup();
    renderAt('/customers');
    await user.click(await screen.findByRole('button', { name: 'Sign out' }));
    expect(await screen.findAllByRole('heading', { name: 'Sign in to Retain' })).not.toHaveLength(0);
    expect(sessionStorage.getItem('retain.session.token')).toBeNull();
  });
});
