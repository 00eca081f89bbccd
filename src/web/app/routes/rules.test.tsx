import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../shared/users';
import { authKeys } from '../../features/auth/api/auth-keys';
import { NO_RULE_MATCHES } from '../../features/rules/components/rule-groups';
import { NO_RULES } from '../../features/rules/components/rules-table';
import { testUsers } from '../../testing/data';
import { mockDb } from '../../testing/msw/handlers';
import { createTestQueryClient } from '../../testing/render';
import { clientLoader, Component as Rules } from './rules';

const existingRule = {
  id: 'rule_seed',
  tool: 'send_email',
  customer: 'cust_123',
  effect: 'approve' as const,
  match: null,
  approvals: null,
  expiresAt: null,
  maxUses: null,
  pausedAt: null,
  createdBy: 'admin',
  createdAt: '2026-03-01T10:00:00.000Z',
  firedCount: 3,
  lastFiredAt: '2026-03-02T10:00:00.000Z',
};

function renderRules(me: User) {
  mockDb.me = me;
  const queryClient = createTestQueryClient();
  queryClient.setQueryData(authKeys.me(), me);
  const router = createMemoryRouter(
    [
      {
        path: '/rules',
        loader: clientLoader(queryClient),
        Component: Rules,
        HydrateFallback: () => null,
      },
    ],
    { initialEntries: ['/rules'] },
  );
  render(
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return { user: userEvent.setup() };
}

const rowsOf = (name: string) =>
  within(screen.getByRole('table', { name })).getAllByRole('row').slice(1);
const EVERYONE = 'Rules for every customer';
const ONE_CUSTOMER = 'Rules for one customer';

describe('Rules', () => {
  beforeEach(() => {
    mockDb.reset();
    mockDb.rules = [existingRule];
  });

  it('lets an admin add a rule for all customers once confirmed', async () => {
    const { user } = renderRules(testUsers.admin);
    await screen.findByText('send_email');
    expect(
      screen.getByRole('heading', { name: 'For every customer' }).nextSibling,
    ).toHaveTextContent('None.');
    await user.type(screen.getByLabelText('Tool'), 'refund_order');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve for all customers?' });
    expect(dialog).toHaveTextContent('Every call of refund_order is then approved at once');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(mockDb.rules).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Add rule for all customers',
      }),
    );
    await waitFor(() => expect(rowsOf(EVERYONE)).toHaveLength(1));
    const added = rowsOf(EVERYONE)[0]!;
    expect(within(added).getByText('refund_order')).toBeInTheDocument();
    expect(within(added).getByText('by admin')).toBeInTheDocument();
    expect(within(added).getByText('Never')).toBeInTheDocument();
    expect(rowsOf(ONE_CUSTOMER)).toHaveLength(1);
    expect(mockDb.rules[1]).toMatchObject({
      tool: 'refund_order',
      customer: null,
      createdBy: 'admin',
    });
    expect(screen.getByLabelText('Tool')).toHaveValue('');
  });

  it('sends the customer when one is given and asks for a tool name', async () => {
    const { user } = renderRules(testUsers.admin);
    await screen.findByText('send_email');
    await user.type(screen.getByLabelText(/Customer/), 'cust_9');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(await screen.findByText('Enter the tool name')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Tool'), 'deploy');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() =>
      expect(mockDb.rules[1]).toMatchObject({ tool: 'deploy', customer: 'cust_9' }),
    );
  });

  it('lets an admin remove a rule after confirming', async () => {
    const { user } = renderRules(testUsers.admin);
    await user.click(
      await screen.findByRole('button', { name: 'Remove rule send_email for cust_123' }),
    );
    const dialog = screen.getByRole('dialog', { name: 'Remove this rule?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mockDb.rules).toHaveLength(1);

    await user.click(screen.getByRole('button', { name: 'Remove rule send_email for cust_123' }));
    await user.click(
      within(screen.getByRole('dialog')).getByRole('button', { name: 'Remove rule' }),
    );
    expect(await screen.findByText(NO_RULES)).toBeInTheDocument();
    expect(mockDb.rules).toHaveLength(0);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('groups rules per customer, says how often each fired, and finds them by text', async () => {
    mockDb.rules = [
      existingRule,
      {
        ...existingRule,
        id: 'rule_b',
        tool: 'refund_order',
        customer: 'acme',
        firedCount: 0,
        lastFiredAt: null,
      },
      { ...existingRule, id: 'rule_c', tool: 'deploy', customer: null, firedCount: 1 },
    ];
    const { user } = renderRules(testUsers.admin);
    await screen.findByText('deploy');
    expect(rowsOf(EVERYONE).map((r) => r.textContent)).toEqual([expect.stringContaining('deploy')]);
    expect(within(rowsOf(EVERYONE)[0]!).getByText('1 time')).toBeInTheDocument();
    const perCustomer = rowsOf(ONE_CUSTOMER);
    expect(perCustomer.map((r) => within(r).getAllByRole('cell')[0]!.textContent)).toEqual([
      'acme',
      'cust_123',
    ]);
    expect(within(perCustomer[1]!).getByText('3 times')).toBeInTheDocument();
    expect(within(perCustomer[1]!).getByText(/^last/)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Find a rule'), 'ACME');
    expect(rowsOf(ONE_CUSTOMER)).toHaveLength(1);
    expect(screen.queryByRole('table', { name: EVERYONE })).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('Find a rule'), 'zzz');
    expect(screen.getByText(NO_RULE_MATCHES)).toBeInTheDocument();
  });

  it('shows rules read-only to a viewer', async () => {
    renderRules(testUsers.viewer);
    expect(await screen.findByText('send_email')).toBeInTheDocument();
    expect(screen.getByText('cust_123')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Add a rule' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Tool')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Only admins can change them/)).toBeInTheDocument();
  });

  it('shows each rule’s pins, expiry, uses left and state', async () => {
    mockDb.rules = [
      {
        ...existingRule,
        match: { '/amount': { lte: 50 }, '/currency': { eq: 'EUR' } },
        expiresAt: '2099-01-01T00:00:00.000Z',
        maxUses: 5,
        firedCount: 3,
      },
      {
        ...existingRule,
        id: 'rule_old',
        customer: 'acme',
        expiresAt: '2020-01-01T00:00:00.000Z',
      },
      { ...existingRule, id: 'rule_p', customer: 'beta', pausedAt: '2026-03-01T11:00:00.000Z' },
    ];
    renderRules(testUsers.viewer);
    await screen.findByText('/amount ≤ 50, /currency = "EUR"');
    const [acme, beta, cust] = rowsOf(ONE_CUSTOMER);
    expect(cust).toHaveTextContent('2 of 5 uses left');
    expect(cust).toHaveTextContent(/Until/);
    expect(within(acme!).getByText('Any input')).toBeInTheDocument();
    expect(within(acme!).getByText('expired')).toBeInTheDocument();
    expect(acme).toHaveTextContent('No use limit');
    expect(within(beta!).getByText('paused')).toBeInTheDocument();
    expect(beta).toHaveTextContent('No expiry');
  });

  it('lets an admin pause and resume a rule', async () => {
    const { user } = renderRules(testUsers.admin);
    await user.click(
      await screen.findByRole('button', { name: 'Pause rule send_email for cust_123' }),
    );
    await waitFor(() => expect(mockDb.rules[0]?.pausedAt).toEqual(expect.any(String)));
    expect(await within(rowsOf(ONE_CUSTOMER)[0]!).findByText('paused')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Resume rule send_email for cust_123' }));
    await waitFor(() => expect(mockDb.rules[0]?.pausedAt).toBeNull());
  });

  it('adds a rule with pins, an expiry and a cap, and names a bad pin', async () => {
    const { user } = renderRules(testUsers.admin);
    await screen.findByText('send_email');
    await user.type(screen.getByLabelText('Tool'), 'refund_order');
    await user.type(screen.getByLabelText(/Customer/), 'cust_9');
    await user.click(screen.getByRole('button', { name: 'Add pin' }));
    const pin = screen.getByRole('group', { name: 'Pin 1' });
    await user.clear(within(pin).getByLabelText('Argument'));
    await user.type(within(pin).getByLabelText('Argument'), 'amount');
    await user.selectOptions(within(pin).getByLabelText('Condition'), 'at most');
    await user.type(within(pin).getByLabelText('Value'), '50');
    await user.type(screen.getByLabelText(/Expires after/), '7');
    await user.type(screen.getByLabelText(/Maximum uses/), '10');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(await screen.findByText(/Start with \//)).toBeInTheDocument();
    expect(mockDb.rules).toHaveLength(1);
    await user.type(within(pin).getByLabelText('Argument'), '{Home}/');
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(mockDb.rules).toHaveLength(2));
    expect(mockDb.rules[1]).toMatchObject({
      tool: 'refund_order',
      customer: 'cust_9',
      match: { '/amount': { lte: 50 } },
      maxUses: 10,
    });
    const days = (Date.parse(mockDb.rules[1]!.expiresAt!) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(7);
  });

  it('adds a rule that holds matching calls for two approvals, without the all-customers warning', async () => {
    const { user } = renderRules(testUsers.admin);
    await screen.findByText('send_email');
    await user.type(screen.getByLabelText('Tool'), 'refund_order');
    await user.selectOptions(
      screen.getByLabelText('When a call matches'),
      'Hold it until 2 people approve',
    );
    await user.click(screen.getByRole('button', { name: 'Add rule' }));
    await waitFor(() => expect(mockDb.rules).toHaveLength(2));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(mockDb.rules[1]).toMatchObject({
      tool: 'refund_order',
      customer: null,
      effect: 'countersign',
      approvals: 2,
    });
    const row = (
      await within(screen.getByRole('table', { name: EVERYONE })).findAllByRole('row')
    )[1]!;
    expect(within(row).getByText('Needs 2 approvals')).toBeInTheDocument();
    expect(row).toHaveTextContent('Held for approvers: Never');
  });
});
