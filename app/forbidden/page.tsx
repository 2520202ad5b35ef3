import Link from 'next/link';

export default function ForbiddenPage() {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center gap-3 p-6">
      <h1 className="text-xl font-semibold">You do not have access to that page</h1>
      <p className="text-sm text-slate-600">Your role does not include it. Ask an admin if you need it.</p>
      <Link className="text-brand-600 underline" href="/">Go to your start page</Link>
    </main>
  );
}
