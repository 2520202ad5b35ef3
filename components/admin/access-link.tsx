'use client';
import { useState } from 'react';
import { Button } from '@/components/ui/button';

export type IssuedLink = { email: string; purpose: 'invite' | 'reset'; path: string; expiresAt: string };

/**
 * A one-time link just issued for a user, shown once (only its hash is stored): the admin
 * copies it and sends it however they talk to that person.
 */
export function AccessLinkBox({ link, onDone }: { link: IssuedLink; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  // The address the admin uses is the one the link must carry (behind a proxy, too). This box
  // only appears after an action in the browser, never in server-rendered HTML.
  const url = `${window.location.origin}${link.path}`;
  const until = new Date(link.expiresAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-2">
        <p className="text-sm text-slate-700">
          {link.purpose === 'invite' ? 'Send this invitation' : 'Send this password reset link'} to <span className="font-medium">{link.email}</span>. It works
          once, until {until}; it is shown only now.
        </p>
        <div className="flex gap-2">
          <input
            readOnly
            aria-label="Sign-in link"
            value={url}
            onFocus={(e) => e.currentTarget.select()}
            className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-3 py-2 font-mono text-xs"
          />
          <Button
            type="button"
            variant="secondary"
            onClick={() => {
              // The clipboard is refused on plain-http hosts other than localhost: the field stays selectable.
              navigator.clipboard?.writeText(url).then(() => setCopied(true), () => setCopied(false));
            }}
          >
            {copied ? 'Copied' : 'Copy link'}
          </Button>
        </div>
      </div>
      <div className="flex justify-end">
        <Button type="button" onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
