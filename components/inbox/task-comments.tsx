'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { commentOnReviewTask } from '@/lib/actions/inbox';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

export function TaskComments({ taskId, comments }: { taskId: string; comments: { id: string; body: string; at: string; author: string | null }[] }) {
  const [body, setBody] = useState('');
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  return (
    <section aria-label="Comments" className="flex flex-col gap-2">
      <h2 className="font-medium">Comments</h2>
      <ul className="flex flex-col gap-2 text-sm">
        {comments.map((c) => (
          <li key={c.id} className="rounded-md border border-slate-200 bg-white p-2"><span className="font-medium">{c.author ?? 'someone'}</span> <span className="text-xs text-slate-500">{new Date(c.at).toLocaleString('en')}</span><p className="whitespace-pre-wrap">{c.body}</p></li>
        ))}
      </ul>
      <form
        className="flex items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            const r = await commentOnReviewTask({ taskId, body });
            if (!r.ok) return toast(r.fieldErrors?.body?.[0] ?? r.error, 'error');
            setBody('');
            router.refresh();
          });
        }}
      >
        <label className="flex flex-1 flex-col gap-1 text-sm">Add a comment<textarea value={body} onChange={(e) => setBody(e.target.value)} rows={2} className="rounded-md border border-slate-300 px-2 py-1" /></label>
        <Button type="submit" variant="secondary" disabled={pending || !body.trim()}>Comment</Button>
      </form>
    </section>
  );
}
