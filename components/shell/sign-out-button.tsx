'use client';
import { useTransition } from 'react';
import { signOutNow } from '@/lib/actions/auth';

export function SignOutButton() {
  const [pending, start] = useTransition();
  return (
    <button type="button" disabled={pending} onClick={() => start(async () => void (await signOutNow({})))} className="mt-3 text-sm text-brand-600 hover:underline">
      Sign out
    </button>
  );
}
