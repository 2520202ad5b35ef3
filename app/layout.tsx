import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { connection } from 'next/server';
import './globals.css';
import { ToastProvider } from '@/components/ui/toast';
import { QueryProvider } from '@/components/query-provider';

export const metadata: Metadata = { title: 'Baton', description: 'Visual AI orchestration that runs durably.' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request: its scripts carry that request's CSP nonce
  // (lib/server/security-headers.ts), which a page prerendered at build time could not.
  await connection();
  return (
    <html lang="en">
      <body className="font-sans">
        <QueryProvider>
          <ToastProvider>{children}</ToastProvider>
        </QueryProvider>
      </body>
    </html>
  );
}
