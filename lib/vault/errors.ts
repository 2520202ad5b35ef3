/**
 * Why the vault refused or could not use a credential. Messages name credentials, subjects and
 * hosts, never a secret value.
 */
export type CredentialErrorCode = 'not-found' | 'not-granted' | 'name-taken' | 'unreadable' | 'token-endpoint';

export class CredentialError extends Error {
  constructor(
    readonly code: CredentialErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}
