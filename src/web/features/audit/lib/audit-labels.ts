import type { AuditAction, AuditActionGroup } from '../../../../shared/audit';

export const actionLabels: Record<AuditAction, string> = {
  'session.signed_in': 'Signed in',
  'session.sign_in_failed': 'Failed sign-in',
  'session.signed_out': 'Signed out',
  'session.signed_out_everywhere': 'Signed out everywhere',
  'user.created': 'User added',
  'user.role_changed': 'Role changed',
  'user.password_reset': 'Password reset',
  'user.password_changed': 'Password changed',
  'user.disabled': 'User disabled',
  'user.enabled': 'User enabled',
  'user.sessions_revoked': 'Sessions ended',
  'user.deleted': 'User removed',
  'request.answered': 'Answered',
  'request.auto_approved': 'Auto-approved',
  'request.held': 'Held for approvals',
  'request.countersigned': 'Approval counted',
  'request.delivery_retried': 'Delivery retried',
  'run.stopped': 'Run stopped',
  'rule.created': 'Rule added',
  'rule.deleted': 'Rule removed',
  'rule.paused': 'Rule paused',
  'rule.resumed': 'Rule resumed',
  'source.created': 'Source connected',
  'source.updated': 'Source changed',
  'source.deleted': 'Source removed',
  'token.created': 'Token created',
  'token.revoked': 'Token revoked',
  'webhook.created': 'Webhook added',
  'webhook.removed': 'Webhook removed',
  'group.created': 'Group added',
  'group.updated': 'Group changed',
  'group.deleted': 'Group removed',
  'routing.updated': 'Routes saved',
  'request.claimed': 'Claimed',
  'request.released': 'Released',
  'request.reassigned': 'Reassigned',
  'request.escalated': 'Escalated',
  'slack.connected': 'Slack connected',
  'slack.disconnected': 'Slack disconnected',
  'sso.role_mapping_changed': 'SSO role mapping saved',
};

export const groupLabels: Record<AuditActionGroup, string> = {
  session: 'Sign-ins and sign-outs',
  user: 'People',
  request: 'Answers',
  run: 'Runs',
  rule: 'Rules',
  source: 'Sources',
  token: 'Agent tokens',
  webhook: 'Webhooks',
  group: 'Groups',
  routing: 'Routing',
  slack: 'Slack',
  sso: 'Single sign-on',
};

const tones: Record<AuditActionGroup, 'neutral' | 'indigo' | 'green' | 'amber' | 'sky' | 'violet'> =
  {
    session: 'neutral',
    user: 'indigo',
    request: 'green',
    run: 'amber',
    rule: 'violet',
    source: 'sky',
    token: 'sky',
    webhook: 'violet',
    group: 'indigo',
    routing: 'violet',
    slack: 'violet',
    sso: 'indigo',
  };

export function actionTone(action: AuditAction) {
  if (action === 'session.sign_in_failed') return 'red' as const;
  return tones[action.split('.')[0] as AuditActionGroup];
}
