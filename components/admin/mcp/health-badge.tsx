/** Mirrors db/schema/mcp's McpStatus (components do not import the database layer). */
export type McpStatus = 'unknown' | 'ok' | 'error';
import { cx } from '@/components/ui/cx';

const LOOK: Record<McpStatus, { label: string; className: string }> = {
  ok: { label: 'Connected', className: 'bg-green-50 text-green-800 ring-green-200' },
  error: { label: 'Failing', className: 'bg-red-50 text-red-800 ring-red-200' },
  unknown: { label: 'Not tried', className: 'bg-slate-50 text-slate-700 ring-slate-200' },
};

/** The last connection attempt's outcome, in words (never colour alone). */
export function HealthBadge({ status, enabled }: { status: McpStatus; enabled: boolean }) {
  const look = enabled ? LOOK[status] : { label: 'Disabled', className: 'bg-slate-100 text-slate-600 ring-slate-200' };
  return <span data-testid="mcp.health" className={cx('rounded-full px-2 py-0.5 text-xs font-medium ring-1', look.className)}>{look.label}</span>;
}
