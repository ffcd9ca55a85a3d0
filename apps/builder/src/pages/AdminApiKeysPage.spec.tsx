import '@testing-library/jest-dom';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ApiKey } from '../api/admin';
import { renderSignedIn } from '../admin/testing/render-signed-in';
import { type FakeFetch } from '../testing/fake-fetch';
import { AdminApiKeysPage } from './AdminApiKeysPage';

const SHOP: ApiKey = { id: 1, name: 'Shop', prefix: 'rk_ab12', scopes: ['ingest'], createdById: 1, createdAt: '2026-12-01T10:00:00.000Z', lastUsedAt: null, revokedAt: null };

describe('API keys page', () => {
  let fake: FakeFetch;
  afterEach(() => {
    fake.restore();
    jest.restoreAllMocks();
  });

  it('creates a key, shows its secret once with a copy button, and revokes a key after confirmation', async () => {
    let keys: ApiKey[] = [SHOP];
    fake = renderSignedIn('admin', {
      path: '/admin/api-keys',
      pattern: '/admin/api-keys',
      element: <AdminApiKeysPage />,
      routes: {
        'GET /api/api-keys': () => ({ body: keys }),
        'POST /api/api-keys': (call) => {
          const created = { ...SHOP, id: 2, name: (call.body as { name: string }).name, prefix: 'rk_cd34', scopes: (call.body as { scopes: ApiKey['scopes'] }).scopes };
          keys = [...keys, created];
          return { status: 201, body: { ...created, key: 'rk_cd34_secret-value' } };
        },
        'DELETE /api/api-keys/1': () => {
          keys = keys.map((k) => (k.id === 1 ? { ...k, revokedAt: '2026-12-01T12:00:00.000Z' } : k));
          return { body: keys[0] };
        },
      },
    });
    const user = userEvent.setup();
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });

    expect(await screen.findByRole('rowheader', { name: 'Shop' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Key name'), 'Warehouse');
    await user.click(screen.getByLabelText(/^read/));
    await user.click(screen.getByRole('button', { name: 'Create key' }));
    expect(fake.callsTo('POST /api/api-keys')[0].body).toEqual({ name: 'Warehouse', scopes: ['ingest', 'read'] });
    expect(await screen.findByTestId('new-api-key')).toHaveTextContent('rk_cd34_secret-value');
    await user.click(screen.getByRole('button', { name: 'Copy key' }));
    expect(writeText).toHaveBeenCalledWith('rk_cd34_secret-value');
    expect(await screen.findByText('Copied.')).toBeInTheDocument();
    expect(await screen.findByRole('rowheader', { name: 'Warehouse' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('new-api-key')).not.toBeInTheDocument();

    jest.spyOn(window, 'confirm').mockReturnValue(true);
    await user.click(screen.getByRole('button', { name: 'Revoke Shop' }));
    const row = (await screen.findByText('revoked')).closest('tr')!;
    expect(within(row).getByRole('rowheader')).toHaveTextContent('Shop');
    expect(screen.queryByRole('button', { name: 'Revoke Shop' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Revoke Warehouse' })).toBeInTheDocument();
  });

  it('tells a marketer that the page is for admins and asks the engine nothing', async () => {
    fake = renderSignedIn('marketer', { path: '/admin/api-keys', pattern: '/admin/api-keys', element: <AdminApiKeysPage />, routes: {} });
    expect(await screen.findByRole('heading', { name: 'Admins only' })).toBeInTheDocument();
    expect(fake.callsTo('GET /api/api-keys')).toHaveLength(0);
  });
});
