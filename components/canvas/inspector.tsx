'use client';
import { useId } from 'react';
import { getDefinition } from '@/lib/steps/definitions';
import type { StepInput as Step } from '@/lib/workflow/types';
import { ConfigForm } from './config-form';
import { PolicyForm } from './policy-form';
import { ContractForm } from './contract-form';
import { ToolCallForm } from './tool-call-form';

/** The side panel for the selected step: its name, generated config form and policy. */
export function Inspector({ step, onChange, onDelete }: { step: Step; onChange: (patch: Partial<Step>) => void; onDelete: () => void }) {
  const def = getDefinition(step.type);
  const nameId = useId();
  return (
    <div className="flex flex-col gap-4">
      <div>
        <p className="text-xs text-slate-500">{def?.label ?? step.type} · id <code>{step.id}</code></p>
        <p className="text-xs text-slate-500">{def?.description}</p>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={nameId} className="text-xs font-medium text-slate-600">Name</label>
        <input id={nameId} className="rounded-md border border-slate-300 px-2 py-1 text-sm" value={step.name ?? ''} placeholder={step.id} onChange={(e) => onChange({ name: e.target.value || undefined })} />
      </div>
      {step.type === 'tool-call' ? <ToolCallForm stepId={step.id} config={(step.config ?? {}) as Record<string, unknown>} onChange={(config) => onChange({ config })} /> : def ? <ConfigForm def={def} stepId={step.id} config={(step.config ?? {}) as Record<string, unknown>} onChange={(config) => onChange({ config })} /> : null}
      {def && def.effect !== 'trigger' ? (
        <>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={!!step.disabled} onChange={(e) => onChange({ disabled: e.target.checked || undefined })} /> Disabled (passes its input through)
          </label>
          <PolicyForm stepType={step.type} policy={step.policy} onChange={(policy) => onChange({ policy: policy as Step['policy'] })} />
        </>
      ) : null}
      {def ? <ContractForm contract={step.contract} isTrigger={def.effect === 'trigger'} onChange={(contract) => onChange({ contract })} /> : null}
      <button type="button" onClick={onDelete} className="self-start text-sm text-red-600 hover:underline">Delete step</button>
    </div>
  );
}
