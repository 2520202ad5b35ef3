'use client';
import { useState } from 'react';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import type { CredentialKind } from '@/lib/vault/types';

type Errors = Record<string, string[]>;
const err = (errors: Errors, field: string) => errors[`secret.${field}`]?.[0];
// Secret inputs: never filled in by the browser's password manager, never echoed back.
const secretInput = { type: 'password', autoComplete: 'new-password', spellCheck: false } as const;

/**
 * The fields of one credential kind. Secret fields always start empty (write-only); the others
 * start from the credential's hint when replacing, so a rotation only needs the new secret.
 */
export function SecretFields({ kind, errors, hint = {} }: { kind: CredentialKind; errors: Errors; hint?: Record<string, string> }) {
  const [placement, setPlacement] = useState(hint.placement === 'query' ? 'query' : 'header');
  switch (kind) {
    case 'api_key':
      return (
        <>
          <Input label="API key" name="key" {...secretInput} error={err(errors, 'key')} />
          <Select
            label="Send the key as"
            name="placement"
            value={placement}
            onChange={(e) => setPlacement(e.target.value)}
            options={[
              { value: 'header', label: 'A request header' },
              { value: 'query', label: 'A query parameter' },
            ]}
            error={err(errors, 'placement')}
          />
          <Input label={placement === 'header' ? 'Header name' : 'Query parameter name'} name="name" defaultValue={hint.name ?? (placement === 'header' ? 'X-Api-Key' : 'api_key')} error={err(errors, 'name')} />
        </>
      );
    case 'bearer':
      return <Input label="Token" name="token" {...secretInput} error={err(errors, 'token')} />;
    case 'basic':
      return (
        <>
          <Input label="Username" name="username" autoComplete="off" defaultValue={hint.username} error={err(errors, 'username')} />
          <Input label="Password" name="password" {...secretInput} error={err(errors, 'password')} />
        </>
      );
    case 'oauth2_client_credentials':
      return (
        <>
          <Input label="Token URL" name="tokenUrl" type="url" placeholder="https://auth.example.com/oauth/token" defaultValue={hint.tokenUrl} error={err(errors, 'tokenUrl')} />
          <Input label="Client ID" name="clientId" autoComplete="off" defaultValue={hint.clientId} error={err(errors, 'clientId')} />
          <Input label="Client secret" name="clientSecret" {...secretInput} error={err(errors, 'clientSecret')} />
          <Input label="Scope (optional)" name="scope" defaultValue={hint.scope} error={err(errors, 'scope')} />
          <Input label="Audience (optional)" name="audience" defaultValue={hint.audience} error={err(errors, 'audience')} />
          <Select
            label="Client authentication"
            name="clientAuth"
            defaultValue="basic"
            options={[
              { value: 'basic', label: 'HTTP Basic header (most servers)' },
              { value: 'post', label: 'Client id and secret in the form body' },
            ]}
          />
        </>
      );
  }
}

/** The secret of `kind` as the form holds it; the server validates it (field errors come back as `secret.<field>`). */
export function secretFromForm(kind: CredentialKind, f: FormData): Record<string, unknown> {
  const s = (name: string) => String(f.get(name) ?? '');
  switch (kind) {
    case 'api_key':
      return { kind, key: s('key'), placement: s('placement'), name: s('name') };
    case 'bearer':
      return { kind, token: s('token') };
    case 'basic':
      return { kind, username: s('username'), password: s('password') };
    case 'oauth2_client_credentials':
      return { kind, tokenUrl: s('tokenUrl'), clientId: s('clientId'), clientSecret: s('clientSecret'), scope: s('scope'), audience: s('audience'), clientAuth: s('clientAuth') };
  }
}
