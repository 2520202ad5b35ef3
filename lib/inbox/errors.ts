/** A decision or claim that cannot happen, with the message a person reads (never a 500). */
export class InboxError extends Error {
  constructor(
    message: string,
    readonly code: 'not-found' | 'decided' | 'expired' | 'cancelled' | 'claimed' | 'self-approval' | 'invalid' = 'invalid',
    readonly fieldErrors?: Record<string, string[]>,
  ) {
    super(message);
  }
}
