'use client';
import { useId, useMemo } from 'react';
import { z } from 'zod';
import type { StepDefinition } from '@/lib/steps/types';
import { JsonField } from './json-field';
import { FlowSelect } from './flow-choices';
import { ExpressionPreview } from './expression-preview';
import { CodeField } from './code-field';
import { useFlowStore } from './flow-store';
import { scopePaths } from '@/lib/workflow/completions';
import { schemaMetaProblem } from '@/lib/workflow/schema-meta';
import { labelFromKey } from '@/lib/workflow/config-issues';
import type { FieldMeta } from '@/lib/steps/types';
import { KeyValueField } from './key-value-field';

type Prop = { type?: string | string[]; enum?: unknown[]; default?: unknown; description?: string };
const LONG_TEXT = new Set(['code', 'body', 'condition', 'value', 'url']);

/** A form generated from a step type's config schema (zod → JSON Schema): one field per property. */
export function ConfigForm({ def, config, onChange, stepId }: { def: StepDefinition; config: Record<string, unknown>; onChange: (c: Record<string, unknown>) => void; stepId: string }) {
  const props = useMemo(() => {
    const schema = z.toJSONSchema(def.configSchema, { unrepresentable: 'any', io: 'input' }) as { properties?: Record<string, Prop> };
    return Object.entries(schema.properties ?? {});
  }, [def]);
  const set = (k: string, v: unknown) => onChange({ ...config, [k]: v });
  return (
    <div className="flex flex-col gap-3">
      {props.map(([key, p]) => (
        <Field key={key} name={key} meta={def.fields?.[key]} prop={p} value={config[key]} onChange={(v) => set(key, v)} stepId={stepId} />
      ))}
    </div>
  );
}

function Field({ name, meta, prop, value, onChange, stepId }: { name: string; meta?: FieldMeta; prop: Prop; value: unknown; onChange: (v: unknown) => void; stepId: string }) {
  const id = useId();
  const label = meta?.label ?? labelFromKey(name);
  const t = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  const cls = 'rounded-md border border-slate-300 px-2 py-1 text-sm';
  const hint = meta?.hint ? <p className="text-[11px] text-slate-500">{meta.hint}</p> : null;
  if (meta?.editor === 'pairs' || meta?.editor === 'map') {
    return <KeyValueField label={label} hint={meta.hint} example={meta.example} value={value} onChange={onChange} shape={meta.editor === 'pairs' ? 'list' : 'map'} secrets={name === 'headers'} />;
  }
  if (meta?.editor === 'status') {
    // A status is a number, or an expression that gives one.
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
        <input id={id} className={cls} value={value === undefined ? '' : String(value)} placeholder={meta.example ?? String(prop.default ?? '')} onChange={(e) => onChange(e.target.value === '' ? undefined : /^\d+$/.test(e.target.value) ? Number(e.target.value) : e.target.value)} />
        {hint}
      </div>
    );
  }
  if (name === 'flowId') {
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">Flow to call</label>
        <FlowSelect id={id} className={cls} value={typeof value === 'string' ? value : undefined} onChange={onChange} empty="— pick a flow —" />
      </div>
    );
  }
  if (prop.enum) {
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
        <select id={id} className={cls} value={String(value ?? prop.default ?? '')} onChange={(e) => onChange(e.target.value)}>
          {prop.enum.map((o) => <option key={String(o)} value={String(o)}>{String(o)}</option>)}
        </select>
        {hint}
      </div>
    );
  }
  if (t === 'boolean') {
    return (
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={Boolean(value ?? prop.default)} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
    );
  }
  if (t === 'number' || t === 'integer') {
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
        <input id={id} type="number" className={cls} value={value === undefined ? '' : String(value)} placeholder={prop.default === undefined ? '' : String(prop.default)} onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))} />
        {hint}
      </div>
    );
  }
  // Untyped fields (expressions, bodies) are text with {{ }} unless they already hold an object or list.
  if (t === 'string' || (t === undefined && (typeof value === 'string' || (value === undefined && (prop.default === undefined || typeof prop.default === 'string'))))) {
    const labelId = `${id}-label`;
    return (
      <div className="flex flex-col gap-1">
        <label id={labelId} className="text-xs font-medium text-slate-600">{label}</label>
        <CodeField
          labelledBy={labelId}
          value={String(value ?? '')}
          onChange={onChange}
          multiline={LONG_TEXT.has(name)}
          code={name === 'code'}
          placeholder={meta?.example ?? (prop.default === undefined ? '' : String(prop.default))}
          paths={() => {
            const st = useFlowStore.getState();
            return scopePaths(st.doc, stepId, st.samples);
          }}
        />
        {hint}
        {name !== 'code' ? <ExpressionPreview stepId={stepId} text={String(value ?? prop.default ?? '')} /> : null}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <JsonField label={label} value={value} onChange={onChange} check={/Schema$/.test(name) ? schemaMetaProblem : undefined} placeholder={meta?.example} />
      {hint}
    </div>
  );
}
