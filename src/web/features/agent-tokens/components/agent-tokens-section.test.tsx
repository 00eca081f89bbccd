import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { testUsers } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { teamDb } from '../../../testing/msw/team-handlers';
import { renderWithProviders } from '../../../testing/render';
import { AgentTokensSection } from './agent-tokens-section';
import { NO_TOKENS } from './agent-tokens-table';

const sourceNames = new Map([['native', 'Native API']]);

beforeEach(() => {
  mockDb.reset();
  mockDb.me = testUsers.admin;
});

const tokenRows = () =>
  within(screen.getByRole('table', { name: 'Agent tokens' }))
    .getAllByRole('row')
    .slice(1);

describe('AgentTokensSection', () => {
  it('lists tokens with their source, creation and last use', async () => {
    teamDb.tokens = [
      {
        id: 'tok_1',
        name: 'Support bot',
        sourceId: 'native',
        createdAt: '2026-02-01T10:00:00.000Z',
        lastUsedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      },
      {
        id: 'tok_2',
        name: 'Nightly job',
        sourceId: 'native',
        createdAt: '2026-02-02T10:00:00.000Z',
        lastUsedAt: null,
      },
    ];
    renderWithProviders(<AgentTokensSection sourceNames={sourceNames} />);
    await screen.findByText('Support bot');
    const [first, second] = tokenRows();
    expect(first).toHaveTextContent('Native API');
    expect(first).toHaveTextContent('5m ago');
    expect(second).toHaveTextContent('Never');
    expect(screen.queryByText(/cs_secret/)).not.toBeInTheDocument();
  });

  it('shows a new token once, with a copy button, until dismissed', async () => {
    const { user } = renderWithProviders(<AgentTokensSection sourceNames={sourceNames} />);
    expect(await screen.findByText(NO_TOKENS)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    expect(await screen.findByText('Name the token')).toBeInTheDocument();

    await user.type(screen.getByLabelText(/Token name/), 'CI agent');
    await user.click(screen.getByRole('button', { name: 'Create token' }));
    const issued = await screen.findByRole('region', { name: 'New agent token' });
    expect(within(issued).getByLabelText('Token CI agent')).toHaveValue('cs_secret_tok_1');
    expect(within(issued).getByText(/It is not shown again/)).toBeInTheDocument();
    expect(within(issued).getByRole('button', { name: 'Copy token' })).toBeInTheDocument();
    await waitFor(() => expect(tokenRows()).toHaveLength(1));
    expect(screen.getByLabelText(/Token name/)).toHaveValue('');

    await user.click(within(issued).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('region', { name: 'New agent token' })).not.toBeInTheDocument();
    expect(screen.queryByDisplayValue('cs_secret_tok_1')).not.toBeInTheDocument();
  });

  it('revokes a token after confirming', async () => {
    teamDb.tokens = [
      {
        id: 'tok_9',
        name: 'Old bot',
        sourceId: 'native',
        createdAt: '2026-02-01T10:00:00.000Z',
        lastUsedAt: null,
      },
    ];
    const { user } = renderWithProviders(<AgentTokensSection sourceNames={sourceNames} />);
    await user.click(await screen.findByRole('button', { name: 'Revoke token Old bot' }));
    const dialog = screen.getByRole('dialog', { name: 'Revoke this token?' });
    expect(dialog).toHaveTextContent('Agents using Old bot get 401');
    await user.click(within(dialog).getByRole('button', { name: 'Revoke token' }));
    expect(await screen.findByText(NO_TOKENS)).toBeInTheDocument();
    expect(teamDb.tokens).toEqual([]);
  });
});
