'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { Button } from '@/components/ui/button';

/** Asks for the reason of a rejection (keyboard `r`, the bulk bar, the task page). */
export function RejectDialog({ open, count, onCancel, onReject }: { open: boolean; count: number; onCancel: () => void; onReject: (reason: string) => void }) {
  const [reason, setReason] = useState('');
  return (
    <Dialog open={open} onClose={onCancel} title={count > 1 ? `Reject ${count} tasks` : 'Reject the task'}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          onReject(reason.trim());
          setReason('');
        }}
        className="flex flex-col gap-3"
      >
        <label className="flex flex-col gap-1 text-sm">
          Reason
          <textarea autoFocus required value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={2000} className="rounded-md border border-slate-300 px-2 py-1" />
        </label>
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
          <Button type="submit" variant="danger">Reject</Button>
        </div>
      </form>
    </Dialog>
  );
}
