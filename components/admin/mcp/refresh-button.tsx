'use client';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { refreshMcpServer } from '@/lib/actions/mcp';

export function RefreshServerButton({ serverId, disabled }: { serverId: string; disabled?: boolean }) {
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      disabled={pending || disabled}
      onClick={() =>
        start(async () => {
          const r = await refreshMcpServer({ serverId });
          if (!r.ok) toast(r.error, 'error');
          else if (r.data.ok) toast(`${r.data.tools.length} tools listed`);
          else toast(r.data.error, 'error');
        })
      }
    >
      {pending ? 'Connecting…' : 'Test / refresh'}
    </Button>
  );
}
