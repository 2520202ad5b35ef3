'use client';
import { useId } from 'react';
import { CodeField } from './code-field';
import { ExpressionPreview } from './expression-preview';
import { useFlowStore } from './flow-store';
import { useToolChoices } from './tool-choices';
import { scopePaths } from '@/lib/workflow/completions';
import { labelFromKey } from '@/lib/workflow/config-issues';

type Props = { stepId: string; config: Record<string, unknown>; onChange: (c: Record<string, unknown>) => void };
type Prop = { type?: string; description?: string };

/**
 * A Tool call step's form, generated from the tool's input contract: one expression field per
 * input property (required ones marked), the version pinned or "always latest".
 */
export function ToolCallForm({ stepId, config, onChange }: Props) {
  const tools = useToolChoices();
  const tool = tools.find((t) => t.id === config.toolId);
  const latestId = useId();
  const schema = (tool?.inputSchema ?? config.inputSchema ?? {}) as { properties?: Record<string, Prop>; required?: string[] };
  const input = (config.input ?? {}) as Record<string, unknown>;
  const latest = config.version === 'latest';
  const setLatest = (on: boolean) =>
    onChange({ ...config, version: on ? 'latest' : (tool?.latestVersion ?? 1), ...(tool ? { inputSchema: tool.inputSchema, outputSchema: tool.outputSchema } : {}) });
  return (
    <div className="flex flex-col gap-3" data-testid="tool-call-form">
      <div className="text-sm">
        <p className="font-medium">{tool?.name ?? String(config.toolName ?? 'Unknown tool')}</p>
        {tool?.description ? <p className="text-xs text-slate-500">{tool.description}</p> : null}
        <p className="text-xs text-slate-500">{latest ? `Always the latest version (now v${tool?.latestVersion ?? '?'})` : `Pinned to v${String(config.version)}`}</p>
      </div>
      <label htmlFor={latestId} className="flex items-center gap-2 text-sm">
        <input id={latestId} type="checkbox" checked={latest} onChange={(e) => setLatest(e.target.checked)} /> Always use the latest version
      </label>
      {Object.entries(schema.properties ?? {}).map(([key, p]) => (
        <InputField key={key} stepId={stepId} name={key} prop={p} required={schema.required?.includes(key) ?? false} value={input[key]} onChange={(v) => onChange({ ...config, input: { ...input, [key]: v } })} />
      ))}
    </div>
  );
}

function InputField({ stepId, name, prop, required, value, onChange }: { stepId: string; name: string; prop: Prop; required: boolean; value: unknown; onChange: (v: string) => void }) {
  const labelId = useId();
  return (
    <div className="flex flex-col gap-1">
      <label id={labelId} className="text-xs font-medium text-slate-600">
        {labelFromKey(name)}{required ? ' *' : ''}{prop.type ? <span className="font-normal text-slate-400"> ({prop.type})</span> : null}
      </label>
      <CodeField
        labelledBy={labelId}
        testId={`tool-input-${name}`}
        value={typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value)}
        onChange={onChange}
        multiline={false}
        placeholder={`{{ input.${name} }}`}
        paths={() => {
          const st = useFlowStore.getState();
          return scopePaths(st.doc, stepId, st.samples);
        }}
      />
      {prop.description ? <p className="text-[11px] text-slate-500">{prop.description}</p> : null}
      <ExpressionPreview stepId={stepId} text={typeof value === 'string' ? value : ''} />
    </div>
  );
}
