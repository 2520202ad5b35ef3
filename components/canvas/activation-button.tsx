'use client';
import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { setFlowActive } from '@/lib/actions/flows';
import { activationMessage } from '@/components/flows/activation';

/**
 * Activate / Deactivate in the editor toolbar: production (webhook, schedule, API) runs the
 * active published version only while the flow is active. Before a first publish there is
 * nothing to activate, and the button says why.
 */
export function ActivationButton({ flowId, active, published, onChange }: { flowId: string; active: boolean; published: boolean; onChange: (active: boolean) => void }) {
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <Button
      variant="secondary"
      disabled={pending || (!active && !published)}
      title={published ? undefined : 'Publish a version first: production runs use a published version'}
      onClick={() => start(async () => {
        const r = await setFlowActive({ flowId, active: !active });
        if (!r.ok) return toast(r.error, 'error');
        onChange(r.data.active);
        toast(activationMessage(r.data));
      })}
    >
      {active ? 'Deactivate' : 'Activate'}
    </Button>
  );
}
