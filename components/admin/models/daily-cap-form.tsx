'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { setDailyCostCap } from '@/lib/actions/models';

const usd = (n: number) => `$${n.toFixed(n < 1 ? 4 : 2)}`;

/** The installation's daily cost cap across all runs, beside what today has spent or holds so far. */
export function DailyCapForm({ capUsd, dayUsedUsd }: { capUsd: number | null; dayUsedUsd: number }) {
  const [value, setValue] = useState(capUsd === null ? '' : String(capUsd));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, start] = useTransition();
  const toast = useToast();
  return (
    <form
      aria-label="Daily cost cap"
      className="flex max-w-xl flex-col gap-2 rounded-md border border-slate-200 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await setDailyCostCap({ capUsd: value });
          if (!r.ok) return (setErrors(r.fieldErrors ?? {}), toast(r.error, 'error'));
          setErrors({});
          toast(r.data.capUsd === null ? 'Daily cap removed' : 'Daily cap saved');
        });
      }}
    >
      <Input
        label="Daily cost cap (USD)"
        name="capUsd"
        inputMode="decimal"
        placeholder="No cap"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        error={errors.capUsd?.[0]}
      />
      <p className="text-sm text-slate-600">
        Spent or held today (UTC): <span data-testid="day-used">{usd(dayUsedUsd)}</span>
        {capUsd === null ? '' : ` of ${usd(capUsd)}`}. A model call that may not fit what remains is not made.
      </p>
      <div>
        <Button type="submit" disabled={pending}>
          Save cap
        </Button>
      </div>
    </form>
  );
}
