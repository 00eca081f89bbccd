import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../../shared/users';
import { authKeys } from '../../auth/api/auth-keys';
import { testUsers } from '../../../testing/data';
import { createTestQueryClient, renderWithProviders } from '../../../testing/render';
import { mockDb } from '../../../testing/msw/handlers';
import { answeredFirstBy, dropFirstAnswer, RETRY_WAIT, seedRequest } from './card-test-kit';
import { RETRYING_NOTE, VIEWER_NOTE } from './card-frame';
import { ToolCard } from './tool-card';
import { NOT_EDITABLE_NOTE } from './tool-input';

const REMEMBER = 'Remember for this customer';

beforeEach(() => mockDb.reset());

describe('ToolCard', () => {
  it('shows the tool, its reason and its input as formatted JSON text', () => {
    const request = seedRequest('tool', {
      input: { amount: 240, note: '<img src=x onerror=alert(1)>' },
    });
    renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.getByRole('heading', { name: 'refund_order' })).toBeInTheDocument();
    expect(screen.getByText('Order arrived damaged')).toBeInTheDocument();
    const input = screen.getByText(/"amount": 240/);
    expect(input.tagName).toBe('PRE');
    expect(input.textContent).toContain('"note": "<img src=x onerror=alert(1)>"');
    expect(document.querySelector('img')).toBeNull();
  });

  it('approves with the note and sends exactly the decision', async () => {
    const request = seedRequest('tool');
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText('Note (optional)'), '  Refund approved  ');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]).toMatchObject({
      requestId: request.id,
      body: { decision: 'approve', note: 'Refund approved' },
    });
    expect(mockDb.answers[0]?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('denies without a note', async () => {
    const request = seedRequest('tool');
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny' });
  });

  it('offers the agent’s reasons to deny, sends the one picked with a deny and none with an approve', async () => {
    const denyOptions = [
      { name: 'too_risky', title: 'Too risky', description: 'Needs a second look' },
      { name: 'wrong_customer' },
    ];
    const request = seedRequest('tool', { denyOptions });
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.getByText('Needs a second look')).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: 'wrong_customer' }));
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny', denyOption: 'wrong_customer' });

    const other = seedRequest('tool', { denyOptions });
    renderWithProviders(<ToolCard request={other} role="reviewer" />);
    const card = screen.getAllByRole('group', { name: 'Reason, if you deny' })[1]!;
    await user.click(within(card).getByRole('radio', { name: /Too risky/ }));
    await user.click(screen.getAllByRole('button', { name: 'Approve' })[1]!);
    await waitFor(() => expect(mockDb.answers).toHaveLength(2));
    expect(mockDb.answers[1]?.body).toEqual({ decision: 'approve' });
  });

  it('offers Remember for this customer only to admins and only when the request allows it', () => {
    const request = seedRequest('tool');
    const { unmount } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.queryByLabelText(REMEMBER)).not.toBeInTheDocument();
    unmount();
    const again = renderWithProviders(<ToolCard request={request} role="admin" />);
    expect(screen.getByLabelText(REMEMBER)).toBeInTheDocument();
    again.unmount();
    renderWithProviders(<ToolCard request={{ ...request, canRemember: false }} role="admin" />);
    expect(screen.queryByLabelText(REMEMBER)).not.toBeInTheDocument();
  });

  it('opens Remember with this customer, these arguments and 30 days, and asks before approving', async () => {
    const request = seedRequest('tool', { input: { orderId: 1042, amount: 25 } });
    const { user } = renderWithProviders(
      <ToolCard request={request} role="admin" customer="cust_123" />,
    );
    expect(screen.getByLabelText(REMEMBER)).toHaveAccessibleDescription(
      'Later calls of refund_order within the scope you set are then approved at once.',
    );
    expect(screen.queryByRole('group', { name: 'Pin 1' })).not.toBeInTheDocument();
    await user.click(screen.getByLabelText(REMEMBER));
    expect(screen.getByLabelText('Only cust_123')).toBeChecked();
    const pins = [1, 2].map((n) => screen.getByRole('group', { name: `Pin ${n}` }));
    expect(pins.map((pin) => within(pin).getByLabelText('Argument'))).toHaveLength(2);
    expect(within(pins[0]!).getByLabelText('Argument')).toHaveValue('/orderId');
    expect(within(pins[0]!).getByLabelText('Value')).toHaveValue('1042');
    expect(within(pins[1]!).getByLabelText('Argument')).toHaveValue('/amount');
    expect(screen.getByLabelText(/Expires after/)).toHaveValue('30');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve and remember?' });
    expect(dialog).toHaveTextContent(
      'Every call of refund_order where /orderId = 1042, /amount = 25 is then approved at once, for cust_123, until',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(mockDb.answers).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Approve and remember',
      }),
    );
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    const body = mockDb.answers[0]?.body as { rememberScope: { expiresAt: string } };
    expect(body).toMatchObject({
      decision: 'approve',
      remember: true,
      rememberScope: {
        customer: 'cust_123',
        match: { '/orderId': { eq: 1042 }, '/amount': { eq: 25 } },
        maxUses: null,
      },
    });
    const days = (Date.parse(body.rememberScope.expiresAt) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(30);
  });

  it('lets the admin widen Remember to all customers and an amount cap before approving', async () => {
    const request = seedRequest('tool', { input: { orderId: 1042, amount: 25 } });
    const { user } = renderWithProviders(
      <ToolCard request={request} role="admin" customer="cust_123" />,
    );
    await user.click(screen.getByLabelText(REMEMBER));
    await user.click(screen.getByLabelText('All customers'));
    await user.click(screen.getByRole('button', { name: 'Remove pin 1' }));
    const pin = screen.getByRole('group', { name: 'Pin 1' });
    await user.selectOptions(within(pin).getByLabelText('Condition'), 'at most');
    await user.clear(within(pin).getByLabelText('Value'));
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await within(pin).findByText('Enter a number')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.type(within(pin).getByLabelText('Value'), '50');
    await user.clear(screen.getByLabelText(/Expires after/));
    await user.type(screen.getByLabelText(/Maximum uses/), '3');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog', { name: 'Approve and remember?' });
    expect(dialog).toHaveTextContent(
      'Every call of refund_order where /amount ≤ 50 is then approved at once, for every customer, at most 3 times.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Approve and remember' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({
      decision: 'approve',
      remember: true,
      rememberScope: {
        customer: null,
        match: { '/amount': { lte: 50 } },
        expiresAt: null,
        maxUses: 3,
      },
    });
  });

  it('disables both buttons and says Sending… while the answer is on its way', async () => {
    const request = seedRequest('tool');
    dropFirstAnswer();
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('button', { name: 'Sending…' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Deny' })).toBeDisabled();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
  });

  it('keeps the note as a draft across an unmount and remount', async () => {
    const request = seedRequest('tool');
    const first = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText('Note (optional)'), 'Check the address first');
    first.unmount();
    renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('Check the address first');
  });

  it('clears the draft once the answer is accepted', async () => {
    const request = seedRequest('tool');
    const first = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText('Note (optional)'), 'Fine');
    await first.user.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    first.unmount();
    renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('');
  });

  it('forgets the draft once the request is answered elsewhere', async () => {
    const request = seedRequest('tool');
    const first = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await first.user.type(screen.getByLabelText('Note (optional)'), 'Half a thought');
    first.unmount();
    const answered = { ...request, status: 'answered' as const, answeredBy: 'alice' };
    const second = renderWithProviders(<ToolCard request={answered} role="reviewer" />);
    expect(screen.getByText('alice')).toBeInTheDocument();
    second.unmount();
    renderWithProviders(<ToolCard request={request} role="reviewer" />);
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('');
  });

  it('keeps each person’s draft to themselves on a shared browser', async () => {
    const request = seedRequest('tool');
    const signedInAs = (user: User) => {
      const queryClient = createTestQueryClient();
      queryClient.setQueryData(authKeys.me(), user);
      return renderWithProviders(<ToolCard request={request} role={user.role} />, { queryClient });
    };
    const rita = signedInAs(testUsers.reviewer);
    await rita.user.type(screen.getByLabelText('Note (optional)'), 'Rita’s private note');
    rita.unmount();
    const otto = signedInAs({ id: 'usr_otto', username: 'otto', role: 'reviewer' });
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('');
    otto.unmount();
    signedInAs(testUsers.reviewer);
    expect(screen.getByLabelText('Note (optional)')).toHaveValue('Rita’s private note');
  });

  it('keeps the typed note in view beside the notice when someone else answered first', async () => {
    const request = seedRequest('tool');
    answeredFirstBy('alice', { decision: 'deny' });
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.type(screen.getByLabelText('Note (optional)'), 'Refund only half');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Already answered by alice');
    expect(screen.getByText('What you typed (not sent)')).toBeInTheDocument();
    expect(screen.getByText('Refund only half')).toBeInTheDocument();
  });

  it('shows who answered first, and what, when it loses the race', async () => {
    const request = seedRequest('tool');
    answeredFirstBy('alice', { decision: 'deny', note: 'Fraud risk' });
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Already answered by alice');
    expect(within(alert).getByText('Denied')).toBeInTheDocument();
    expect(alert).toHaveTextContent('Note: Fraud risk');
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });

  it('retries a dropped answer with the same idempotency key', async () => {
    const request = seedRequest('tool');
    const dropped = dropFirstAnswer();
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
    await user.click(screen.getByRole('button', { name: 'Deny' }));
    expect(await screen.findByText(RETRYING_NOTE)).toBeInTheDocument();
    await waitFor(() => expect(mockDb.answers).toHaveLength(1), RETRY_WAIT);
    expect(dropped).toHaveLength(1);
    expect(mockDb.answers[0]?.idempotencyKey).toBe(dropped[0]);
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny' });
  });

  it('lets viewers read the request but not answer it', async () => {
    const request = seedRequest('tool');
    const { user } = renderWithProviders(<ToolCard request={request} role="viewer" />);
    expect(screen.getByText(VIEWER_NOTE)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Deny' })).toBeDisabled();
    await user.keyboard('a');
    expect(mockDb.answers).toHaveLength(0);
  });

  it('approves with a and denies with d when it holds the shortcuts', async () => {
    const request = seedRequest('tool');
    const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" hotkeys />);
    await user.keyboard('d');
    await waitFor(() => expect(mockDb.answers).toHaveLength(1));
    expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny' });
  });

  describe('Edit input', () => {
    const input = { orderId: 1042, amount: 240, lines: [{ sku: 'A-1', qty: 2 }] };

    it('validates the edited JSON, shows a diff and approves exactly the edited input', async () => {
      const request = seedRequest('tool', { input });
      const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
      await user.click(screen.getByRole('button', { name: 'Edit input' }));
      const editor = screen.getByLabelText('Input (JSON)');
      expect(editor).toHaveValue(JSON.stringify(input, null, 2));
      expect(screen.getByText('No changes from the agent’s input yet.')).toBeInTheDocument();

      await user.clear(editor);
      await user.type(editor, '{{"orderId": 1042, "amount": 12');
      expect(screen.getByText(/^Not valid JSON/)).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Approve' }));
      expect(await screen.findByRole('alert')).toHaveTextContent(/^Not valid JSON/);
      expect(editor).toHaveFocus();
      expect(mockDb.answers).toHaveLength(0);

      await user.type(editor, '0, "lines": [[{{"sku": "A-1", "qty": 1}], "carrier": "DHL"}');
      const diff = screen.getByRole('list', { name: 'Changes to the input' });
      expect(
        within(diff)
          .getAllByRole('listitem')
          .map((li) => li.textContent),
      ).toEqual(['/amount 240 → 120', '/lines/0/qty 2 → 1', '/carrier added "DHL"']);
      await user.click(screen.getByRole('button', { name: 'Approve' }));
      await waitFor(() => expect(mockDb.answers).toHaveLength(1));
      expect(mockDb.answers[0]?.body).toEqual({
        decision: 'approve',
        input: { orderId: 1042, amount: 120, lines: [{ sku: 'A-1', qty: 1 }], carrier: 'DHL' },
      });
    });

    it('refuses an input that is not an object, and keeps the edit as a draft', async () => {
      const request = seedRequest('tool', { input });
      const first = renderWithProviders(<ToolCard request={request} role="reviewer" />);
      await first.user.click(screen.getByRole('button', { name: 'Edit input' }));
      await first.user.clear(screen.getByLabelText('Input (JSON)'));
      await first.user.type(screen.getByLabelText('Input (JSON)'), '[[1]');
      expect(screen.getByText('The input must be a JSON object, in { }')).toBeInTheDocument();
      first.unmount();
      renderWithProviders(<ToolCard request={request} role="reviewer" />);
      expect(screen.getByLabelText('Input (JSON)')).toHaveValue('[1]');
    });

    it('sends no input when the edit changed nothing, and none with a deny', async () => {
      const request = seedRequest('tool', { input });
      const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
      await user.click(screen.getByRole('button', { name: 'Edit input' }));
      await user.click(screen.getByRole('button', { name: 'Deny' }));
      await waitFor(() => expect(mockDb.answers).toHaveLength(1));
      expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny' });
    });

    it('is not offered when the platform cannot carry an edit, nor to viewers', () => {
      const request = seedRequest('tool', { input, editable: false });
      const { unmount } = renderWithProviders(<ToolCard request={request} role="reviewer" />);
      expect(screen.queryByRole('button', { name: 'Edit input' })).not.toBeInTheDocument();
      expect(screen.getByText(NOT_EDITABLE_NOTE)).toBeInTheDocument();
      unmount();
      renderWithProviders(<ToolCard request={{ ...request, editable: true }} role="viewer" />);
      expect(screen.queryByRole('button', { name: 'Edit input' })).not.toBeInTheDocument();
    });

    it('shows what the reviewer changed once the call is answered', () => {
      const request = seedRequest('tool', {
        input,
        status: 'answered',
        answeredBy: 'alice',
        response: { decision: 'approve', input: { ...input, amount: 120 } },
      });
      renderWithProviders(<ToolCard request={request} role="reviewer" />);
      expect(screen.getByText('Approved with an edited input')).toBeInTheDocument();
      const diff = screen.getByRole('list', { name: 'What the reviewer changed' });
      expect(diff).toHaveTextContent('/amount 240 → 120');
    });
  });

  describe('countersigning', () => {
    const held = (approvals: { by: string; at: string; note?: string }[]) =>
      seedRequest('tool', {
        countersign: { required: 2, ruleId: 'rule_1', approvals },
      });
    const at = '2026-03-01T10:00:00.000Z';

    it('shows the progress and who approved, and offers neither Edit input nor Remember', () => {
      const request = held([{ by: 'alice', at, note: 'Photos check out' }]);
      renderWithProviders(<ToolCard request={request} role="admin" customer="cust_123" />);
      const status = screen.getByRole('status', { name: 'Approvals' });
      expect(status).toHaveTextContent('Needs 2 approvals from different people');
      expect(status).toHaveTextContent('1 of 2 approvals, approved by alice');
      expect(status).toHaveTextContent('alice: Photos check out');
      expect(screen.queryByRole('button', { name: 'Edit input' })).not.toBeInTheDocument();
      expect(screen.queryByLabelText(REMEMBER)).not.toBeInTheDocument();
      expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    });

    it('does not let the same person approve twice, but lets them deny', async () => {
      const request = held([{ by: testUsers.reviewer.username, at }]);
      const queryClient = createTestQueryClient();
      queryClient.setQueryData(authKeys.me(), testUsers.reviewer);
      const { user } = renderWithProviders(<ToolCard request={request} role="reviewer" hotkeys />, {
        queryClient,
      });
      expect(screen.getByRole('status', { name: 'Approvals' })).toHaveTextContent(
        'You approved; it waits for 1 more person. You can still deny it.',
      );
      expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
      await user.keyboard('a');
      expect(mockDb.answers).toHaveLength(0);
      await user.click(screen.getByRole('button', { name: 'Deny' }));
      await waitFor(() => expect(mockDb.answers).toHaveLength(1));
      expect(mockDb.answers[0]?.body).toEqual({ decision: 'deny' });
    });

    it('names every approver once the last approval answered the call', () => {
      const request = seedRequest('tool', {
        status: 'answered',
        answeredBy: 'bob',
        countersign: { required: 2, ruleId: 'rule_1', approvals: [] },
        response: {
          decision: 'approve',
          approvals: [
            { by: 'alice', at },
            { by: 'bob', at, note: 'Fine by me' },
          ],
        },
      });
      renderWithProviders(<ToolCard request={request} role="reviewer" />);
      expect(screen.getByText('Approved by alice and bob')).toBeInTheDocument();
      expect(screen.getByText(/Fine by me/)).toBeInTheDocument();
    });
  });
});
