'use client';
import type { StepInput as Step } from '@/lib/workflow/types';
import type { JsonSchema } from '@/lib/workflow/contracts';
import { JsonField } from './json-field';
import { schemaMetaProblem } from '@/lib/workflow/schema-meta';

type Contract = NonNullable<Step['contract']>;

/**
 * JSON Schemas the step's input and output must match. Connections that cannot fit are refused
 * on the canvas; values that do not match fail the step with ContractError at run time.
 */
export function ContractForm({ contract, isTrigger, onChange }: { contract: Step['contract']; isTrigger: boolean; onChange: (c: Step['contract']) => void }) {
  const set = (side: keyof Contract, v: unknown) => {
    const next: Contract = { ...contract, [side]: v === undefined ? undefined : (v as JsonSchema) };
    onChange(next.input || next.output ? next : undefined);
  };
  return (
    <details className="rounded-md border border-slate-200 p-2" open={!!(contract?.input || contract?.output)}>
      <summary className="cursor-pointer text-sm font-medium">Contract (JSON Schema)</summary>
      <div className="mt-2 flex flex-col gap-3">
        {isTrigger ? null : <JsonField label="Input schema" value={contract?.input} onChange={(v) => set('input', v)} check={schemaMetaProblem} />}
        <JsonField label="Output schema" value={contract?.output} onChange={(v) => set('output', v)} check={schemaMetaProblem} />
      </div>
    </details>
  );
}
