import { describeMatch, type Match } from '../../../shared/rule-match';
import { formatDateTime } from '../../lib/format-time';

/** A scope's bounds in words: `until 3 Feb 2027, 10:00 and at most 5 uses`, or `until removed`. */
export function describeLimits(expiresAt: string | null, maxUses: number | null): string {
  const limits: string[] = [];
  if (expiresAt) limits.push(`until ${formatDateTime(expiresAt)}`);
  if (maxUses !== null) limits.push(`at most ${maxUses} ${maxUses === 1 ? 'time' : 'times'}`);
  return limits.length ? limits.join(' and ') : 'until removed';
}

/** What a rule approves: `Every call of refund_order where /amount ≤ 50 for cust_1 …`. */
export function describeScope(scope: {
  tool: string;
  customer: string | null;
  match: Match | null;
  expiresAt: string | null;
  maxUses: number | null;
}): string {
  const pins = describeMatch(scope.match);
  const whom = scope.customer ? `for ${scope.customer}` : 'for every customer';
  const limits = describeLimits(scope.expiresAt, scope.maxUses);
  return pins
    ? `Every call of ${scope.tool} where ${pins} is then approved at once, ${whom}, ${limits}.`
    : `Every call of ${scope.tool} is then approved at once, ${whom}, whatever its input, ${limits}.`;
}
