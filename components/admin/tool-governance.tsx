'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { deleteTool, setToolEnabled } from '@/lib/actions/tools';

/** Disable/enable and delete; a refusal (a published flow uses the tool) shows the server's message with the flows. */
export function ToolGovernance({ toolId, enabled }: { toolId: string; enabled: boolean }) {
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  const router = useRouter();
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-2">
        <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
          const r = await setToolEnabled({ toolId, enabled: !enabled });
          if (!r.ok) return setError(r.error);
          setError(undefined);
          router.refresh();
        })}>{enabled ? 'Disable' : 'Enable'}</Button>
        <Button variant="danger" disabled={pending} onClick={() => start(async () => {
          if (!window.confirm('Delete this tool and all its versions?')) return;
          const r = await deleteTool({ toolId });
          if (!r.ok) return setError(r.error);
          router.push('/admin/tools');
          router.refresh();
        })}>Delete</Button>
      </div>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
