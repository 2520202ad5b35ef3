'use client';
import { createContext, useContext } from 'react';

/** Other flows of the workspace, for pickers (a sub-flow to call, the error flow). */
export type FlowChoice = { id: string; name: string; published: boolean };
export const FlowChoices = createContext<FlowChoice[]>([]);
export const useFlowChoices = () => useContext(FlowChoices);

/** A select of flows by name; unpublished ones say so, since only published versions run. */
export function FlowSelect({ id, value, onChange, className, empty }: { id?: string; value: string | undefined; onChange: (v: string | undefined) => void; className: string; empty: string }) {
  const flows = useFlowChoices();
  const known = !value || flows.some((f) => f.id === value);
  return (
    <select id={id} className={className} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
      <option value="">{empty}</option>
      {known ? null : <option value={value}>(a flow that no longer exists)</option>}
      {flows.map((f) => <option key={f.id} value={f.id}>{f.name}{f.published ? '' : ' (not published)'}</option>)}
    </select>
  );
}
