/**
 * Why an outbound call did not produce a response. Callers map the code to their own failure
 * kinds (a step: blocked → SsrfBlocked, timeout → StepTimeoutError, network → retriable …).
 * Messages name hosts, never header values or URL credentials.
 */
export type OutboundErrorCode =
  | 'blocked' // the address, port or scheme is not reachable through the guard
  | 'bad-url'
  | 'timeout'
  | 'cancelled'
  | 'too-large'
  | 'redirect-refused'
  | 'too-many-redirects'
  | 'network';

export class OutboundError extends Error {
  constructor(readonly code: OutboundErrorCode, message: string) {
    super(message);
    this.name = 'OutboundError';
  }
}
