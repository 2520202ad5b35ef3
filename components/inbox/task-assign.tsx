'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { assignReviewTask } from '@/lib/actions/inbox';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';

type Assignee = { userId: string | null; role: string | null };
type Role = 'reviewer' | 'admin';
type Props = { taskId: string; assignee: Assignee; people: { id: string; name: string }[]; roles: readonly Role[] };

/** "user:<id>", "role:<name>" or "" (anyone): one select for a person or a role. */
const valueOf = (a: Assignee) => (a.userId ? `user:${a.userId}` : a.role ? `role:${a.role}` : '');

/** Hands an open task to a person or a role (or back to anyone); the task leaves its holder. */
export function TaskAssign({ taskId, assignee, people, roles }: Props) {
  const [to, setTo] = useState(valueOf(assignee));
  const [pending, start] = useTransition();
  const toast = useToast();
  const router = useRouter();
  const submit = () =>
    start(async () => {
      const [kind, id] = to.split(':') as ['user' | 'role' | '', string | undefined];
      const r = await assignReviewTask({ taskId, to: kind === 'user' ? { userId: id! } : kind === 'role' ? { role: id as Role } : { anyone: true } });
      if (!r.ok) return toast(r.error, 'error');
      toast(r.data.assigned);
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <label className="flex items-center gap-1">
        Assign to
        <select value={to} onChange={(e) => setTo(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1">
          <option value="">anyone</option>
          <optgroup label="Role">{roles.map((r) => <option key={r} value={`role:${r}`}>{r}</option>)}</optgroup>
          <optgroup label="Person">{people.map((p) => <option key={p.id} value={`user:${p.id}`}>{p.name}</option>)}</optgroup>
        </select>
      </label>
      <Button variant="secondary" disabled={pending || to === valueOf(assignee)} onClick={submit}>Assign</Button>
    </div>
  );
}
