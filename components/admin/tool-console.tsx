'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { runToolTest } from '@/lib/actions/tools';
import type { ToolTestResult } from '@/lib/tools/console';

type Prop = { type?: string; description?: string };

/**
 * The test console: an input form generated from the tool's input contract (a JSON value per
 * field; plain text is taken as a string), one call, and what came of it: output or error,
 * timing, both contract checks and the exact request sent, secrets masked by the server.
 */
export function ToolConsole({ toolId, version, inputSchema }: { toolId: string; version: number; inputSchema: Record<string, unknown> }) {
  const props = Object.entries((inputSchema.properties ?? {}) as Record<string, Prop>);
  const required = (inputSchema.required ?? []) as string[];
  const [result, setResult] = useState<ToolTestResult>();
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();
  return (
    <section aria-label="Test console" className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4">
      <h2 className="text-lg font-semibold">Test console · v{version}</h2>
      <form
        className="flex flex-col gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          const f = new FormData(e.currentTarget);
          const input: Record<string, unknown> = {};
          for (const [k, p] of props) {
            const raw = String(f.get(`in-${k}`) ?? '');
            if (raw === '') continue;
            input[k] = p.type === 'string' ? raw : parse(raw);
          }
          start(async () => {
            const r = await runToolTest({ toolId, version, input });
            if (!r.ok) return setError(r.error);
            setError(undefined);
            setResult(r.data);
          });
        }}
      >
        {props.map(([k, p]) => (
          <label key={k} className="flex flex-col gap-1 text-sm font-medium text-slate-700">
            {k}{required.includes(k) ? ' *' : ''} {p.type ? <span className="font-normal text-slate-400">({p.type})</span> : null}
            <input name={`in-${k}`} aria-label={`Input ${k}`} className="rounded-md border border-slate-300 px-3 py-2 text-sm font-normal" />
          </label>
        ))}
        <div><Button type="submit" disabled={pending}>Run test</Button></div>
      </form>
      {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      {result ? (
        <div data-testid="tool-test-result" className="flex flex-col gap-2 text-sm">
          <p>
            <strong>{result.ok ? 'Succeeded' : 'Failed'}</strong> in <span data-testid="tool-test-ms">{result.durationMs} ms</span> · v{result.toolVersion}
          </p>
          <p>Input contract: {result.inputProblems.length ? result.inputProblems.map((p) => `input${p.path ? `.${p.path}` : ''} ${p.message}`).join('; ') : 'fits'}</p>
          <p>Output contract: {result.outputProblems === null ? 'not reached' : result.outputProblems.length ? result.outputProblems.map((p) => `output${p.path ? `.${p.path}` : ''} ${p.message}`).join('; ') : 'fits'}</p>
          {result.error ? <p className="text-red-700">{result.error.kind}: {result.error.message}</p> : null}
          {result.ok ? <Block label="Output" value={JSON.stringify(result.output, null, 2)} /> : null}
          {result.request ? (
            <Block label="Request sent" value={[`${result.request.method} ${result.request.url}`, ...Object.entries(result.request.headers).map(([k, v]) => `${k}: ${v}`), ...(result.request.body ? ['', result.request.body] : [])].join('\n')} />
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function Block({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <h3 className="text-xs font-semibold text-slate-500 uppercase">{label}</h3>
      <pre aria-label={label} className="overflow-x-auto rounded bg-slate-50 p-2 text-xs">{value}</pre>
    </div>
  );
}
