/** The confirmation a user sees after switching a flow's production webhook on or off. */
export function activationMessage(r: { active: boolean; version: number | null }, name?: string): string {
  const who = name ? ` ${name}` : '';
  return r.active
    ? `Activated${who}: the production webhook now runs version ${r.version ?? '?'}.`
    : `Deactivated${who}: the production webhook no longer starts runs (the test URL still runs the draft).`;
}
