import { screen } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeRequest } from '../../../testing/data';
import { mockDb } from '../../../testing/msw/handlers';
import { renderWithProviders } from '../../../testing/render';
import { seedRequest } from './card-test-kit';
import { PlanCard } from './plan-card';
import { ResolvedNotice } from './resolved-notice';
import { ToolCard } from './tool-card';

beforeEach(() => mockDb.reset());

describe('awkward content', () => {
  it('names the rule that approved a call, with a link to Rules, instead of its id', async () => {
    mockDb.rules = [
      {
        id: 'rule_7',
        tool: 'refund_order',
        customer: 'cust_123',
        effect: 'approve',
        match: null,
        approvals: null,
        expiresAt: null,
        maxUses: null,
        pausedAt: null,
        createdBy: 'admin',
        createdAt: '2026-03-01T09:00:00.000Z',
        firedCount: 1,
        lastFiredAt: '2026-03-01T10:00:00.000Z',
      },
    ];
    const request = makeRequest('tool', {
      status: 'answered',
      answeredBy: 'rule:rule_7',
      response: { decision: 'approve' },
    });
    renderWithProviders(<ResolvedNotice request={request} />);
    const link = await screen.findByRole('link', {
      name: 'refund_order for cust_123, added by admin',
    });
    expect(link).toHaveAttribute('href', '/rules');
    expect(screen.queryByText(/rule_7/)).not.toBeInTheDocument();
  });

  it('lays agent text out in its own direction (dir="auto")', () => {
    const tool = seedRequest('tool', { reason: 'الطرد وصل تالفًا' });
    const { unmount } = renderWithProviders(<ToolCard request={tool} role="reviewer" />);
    expect(screen.getByText('الطرد وصل تالفًا')).toHaveAttribute('dir', 'auto');
    unmount();
    const plan = seedRequest('plan', { plan: 'خطة العمل' });
    renderWithProviders(<PlanCard request={plan} role="reviewer" />);
    expect(screen.getByText('خطة العمل').closest('[dir="auto"]')).not.toBeNull();
  });
});
