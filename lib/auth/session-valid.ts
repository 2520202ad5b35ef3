/**
 * A session that signed in (whole seconds, as stamped in the token) before the account's cut-off
 * is void. Pure, so it is tested without the session machinery around it.
 */
export function sessionStillValid(signedInAtSeconds: number | undefined, validFrom: Date | null): boolean {
  if (!validFrom) return true;
  return signedInAtSeconds !== undefined && signedInAtSeconds * 1000 >= validFrom.getTime();
}
