'use client';
import { useMemo } from 'react';
import { compileTemplate } from '@/lib/expr/template';
import { useFlowStore } from './flow-store';

/**
 * Live value of a field's expression against the step's input from the last test run (or the
 * pinned output of its predecessor), evaluated with the same compiler the engine uses.
 */
export function ExpressionPreview({ stepId, text }: { stepId: string; text: string }) {
  const sample = useFlowStore((s) => s.samples[stepId]);
  const result = useMemo(() => {
    if (!text.includes('{{')) return null;
    try {
      const now = new Date().toISOString();
      const value = compileTemplate(text).evaluate({ input: sample ?? null, steps: {}, trigger: { body: sample ?? null }, run: { id: 'preview', startedAt: now }, now });
      return { ok: true as const, value: JSON.stringify(value) ?? 'null' };
    } catch (e) {
      return { ok: false as const, value: (e as Error).message };
    }
  }, [text, sample]);
  if (!result) return null;
  return (
    <p data-testid="expression.preview" className={result.ok ? 'truncate text-xs text-slate-500' : 'text-xs text-red-600'}>
      {result.ok ? `= ${result.value}${sample === undefined ? ' (no sample input yet: run up to here)' : ''}` : result.value}
    </p>
  );
}
