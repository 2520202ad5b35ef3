'use client';
import { useMemo, useState, useTransition } from 'react';
import Link from 'next/link';
import { useReactFlow } from '@xyflow/react';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { publishFlow, restoreVersion } from '@/lib/actions/flows';
import { startTestRun } from '@/lib/actions/runs';
import type { FlowInput } from '@/lib/workflow/types';
import { useFlowStore } from './flow-store';
import type { EditorProps } from './editor-props';
import type { useAutosave } from './use-autosave';
import type { RunView } from './use-run-status';
import { RunInputForm } from './run-input-form';
import { declaredContract } from '@/lib/workflow/prepare';
import { getDefinition } from '@/lib/steps/definitions';
import { SHORTCUTS } from './step-picker';
import { SettingsForm } from './settings-form';
import { ToolbarMore } from './toolbar-more';
import { ActivationButton } from './activation-button';

type Props = EditorProps & {
  autosave: ReturnType<typeof useAutosave>;
  issues: number;
  run: RunView | null;
  runId: string | null;
  onRun: (runId: string) => void;
  onRestored: (draft: FlowInput, revision: number) => void;
  onLayout: () => void;
};

const SAVE_TEXT = { saved: 'All changes saved', dirty: 'Unsaved changes…', saving: 'Saving…', conflict: 'Conflict', error: 'Not saved' } as const;

export function EditorToolbar(p: Props) {
  const { undo, redo, past, future, doc, change } = useFlowStore();
  const toast = useToast();
  const [pending, start] = useTransition();
  const [dialog, setDialog] = useState<'publish' | 'run' | 'versions' | 'help' | 'settings' | null>(null);
  const [note, setNote] = useState('');
  const [input, setInput] = useState<unknown | null>({});
  const [inputErrors, setInputErrors] = useState<Record<string, string[]>>();
  const trigger = doc.steps.find((s) => getDefinition(s.type)?.effect === 'trigger');
  const inputSchema = useMemo(() => (trigger ? declaredContract(trigger).output : undefined), [trigger]);
  const [versions, setVersions] = useState(p.versions);
  const [active, setActive] = useState(p.active);

  const rf = useReactFlow();
  const addNote = () => {
    // Near the top left of what the user is looking at.
    const canvas = document.querySelector('[aria-label="Flow canvas"]')?.getBoundingClientRect();
    const at = rf.screenToFlowPosition({ x: (canvas?.left ?? 0) + 60, y: (canvas?.top ?? 0) + 60 });
    change((d) => {
      const ids = new Set((d.notes ?? []).map((n) => n.id));
      let i = 1;
      while (ids.has(`n${i}`)) i++;
      return { ...d, notes: [...(d.notes ?? []), { id: `n${i}`, text: '', position: { x: Math.round(at.x), y: Math.round(at.y) } }] };
    });
  };

  const exportJson = () => {
    const blob = new Blob([JSON.stringify({ name: p.name, definition: doc }, null, 2)], { type: 'application/json' });
    const a = Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `${p.name.replace(/\W+/g, '-').toLowerCase()}.json` });
    a.click();
    URL.revokeObjectURL(a.href);
  };

  return (
    <div className="flex flex-col border-b border-slate-200 bg-white">
      <div className="flex items-center gap-2 px-4 py-2">
        <Link href="/flows" className="text-sm text-brand-600 hover:underline">Flows</Link>
        <span className="text-slate-400">/</span>
        <h1 className="mr-2 min-w-0 truncate text-lg font-semibold" title={p.name}>{p.name}</h1>
        <span role="status" data-testid="editor.save-state" className="shrink-0 text-xs whitespace-nowrap text-slate-500">{SAVE_TEXT[p.autosave.state]}</span>
        <div className="ml-auto flex shrink-0 items-center gap-1">
          <Button variant="ghost" onClick={undo} disabled={!past.length} aria-keyshortcuts="Control+Z">Undo</Button>
          <Button variant="ghost" onClick={redo} disabled={!future.length} aria-keyshortcuts="Control+Shift+Z">Redo</Button>
          <ToolbarMore items={[
            { label: 'Auto-layout', onClick: p.onLayout },
            { label: 'Add note', onClick: addNote },
            { label: 'Settings', onClick: () => setDialog('settings') },
            { label: 'Export', onClick: exportJson },
            { label: 'Shortcuts', onClick: () => setDialog('help') },
          ]} />
          <Button variant="secondary" onClick={() => setDialog('versions')}>Versions ({versions.length})</Button>
          <Button variant="secondary" onClick={() => setDialog('run')} disabled={p.issues > 0}>Run</Button>
          <Button onClick={() => setDialog('publish')} disabled={p.issues > 0}>Publish</Button>
          <ActivationButton flowId={p.flowId} active={active} published={versions.length > 0} onChange={setActive} />
        </div>
      </div>
      {p.autosave.state === 'conflict' ? (
        <div role="alert" className="flex items-center gap-3 bg-amber-50 px-4 py-2 text-sm text-amber-900">
          Someone else saved this flow since you opened it. Your changes are not saved.
          <Button variant="secondary" onClick={() => location.reload()}>Reload their version</Button>
          <Button variant="danger" onClick={() => void p.autosave.save(true)}>Overwrite with mine</Button>
        </div>
      ) : null}
      {p.autosave.state === 'error' ? <div role="alert" className="bg-red-50 px-4 py-2 text-sm text-red-800">{p.autosave.error}</div> : null}
      <div className="flex items-center gap-4 px-4 pb-2 text-xs whitespace-nowrap text-slate-600">
        <span className="flex min-w-0 items-center gap-1"><span>Webhook (<span data-testid="editor.webhook-state">production, {active ? 'active' : 'inactive'}</span>):</span> <code data-testid="editor.webhook-production" className="truncate" title={p.webhook.production}>{p.webhook.production}</code> <CopyButton text={p.webhook.production} /></span>
        <span className="flex min-w-0 items-center gap-1"><span title="Runs the draft while the webhook step listens for a test event">Test URL (runs the draft while listening):</span> <code data-testid="editor.webhook-test" className="truncate" title={p.webhook.test}>{p.webhook.test}</code> <CopyButton text={p.webhook.test} /></span>
        {p.runId ? (
          <span data-testid="editor.run-status" className="shrink-0">Test run <Link className="text-brand-600 underline" href={`/runs/${p.runId}`}>{p.runId.slice(0, 8)}</Link>: {p.run?.status ?? 'starting'}</span>
        ) : null}
      </div>

      <Dialog open={dialog === 'publish'} onClose={() => setDialog(null)} title="Publish a version">
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            await p.autosave.flush();
            const r = await publishFlow({ flowId: p.flowId, note });
            if (!r.ok) return toast(r.error, 'error');
            setVersions((v) => [{ id: r.data.versionId, number: r.data.number, note, createdAt: new Date().toISOString(), changes: r.data.changes }, ...v]);
            setDialog(null);
            setNote('');
            toast(`Published version ${r.data.number}`);
          });
        }}>
          <label className="text-sm">Note <input className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1" value={note} onChange={(e) => setNote(e.target.value)} placeholder="What changed?" /></label>
          <div className="flex justify-end gap-2"><Button type="button" variant="secondary" onClick={() => setDialog(null)}>Cancel</Button><Button type="submit" disabled={pending}>Publish</Button></div>
        </form>
      </Dialog>

      <Dialog open={dialog === 'run'} onClose={() => setDialog(null)} title="Test run of the draft">
        <form className="flex flex-col gap-3" onSubmit={(e) => {
          e.preventDefault();
          start(async () => {
            if (input === null) return;
            await p.autosave.flush();
            const r = await startTestRun({ flowId: p.flowId, input });
            setInputErrors(r.ok ? undefined : r.fieldErrors);
            if (!r.ok) return toast(r.error, 'error');
            p.onRun(r.data.runId);
            setDialog(null);
          });
        }}>
          <RunInputForm key={JSON.stringify(inputSchema ?? null)} schema={inputSchema} serverErrors={inputErrors} onValue={setInput} />
          <div className="flex justify-end gap-2"><Button type="button" variant="secondary" onClick={() => setDialog(null)}>Cancel</Button><Button type="submit" disabled={pending || input === null}>Start test run</Button></div>
        </form>
      </Dialog>

      <Dialog open={dialog === 'settings'} onClose={() => setDialog(null)} title="Flow settings">
        <SettingsForm settings={doc.settings ?? {}} onChange={(settings) => change((d) => ({ ...d, settings }))} />
        <div className="mt-4 flex justify-end"><Button onClick={() => setDialog(null)}>Done</Button></div>
      </Dialog>

      <Dialog open={dialog === 'help'} onClose={() => setDialog(null)} title="Keyboard shortcuts">
        <table className="w-full text-sm"><tbody>{SHORTCUTS.map(([k, v]) => <tr key={k}><td className="py-1 pr-4 font-mono text-xs">{k}</td><td>{v}</td></tr>)}</tbody></table>
      </Dialog>

      <Dialog open={dialog === 'versions'} onClose={() => setDialog(null)} title="Versions">
        {versions.length === 0 ? <p className="text-sm text-slate-600">Nothing published yet.</p> : (
          <ul className="flex max-h-80 flex-col gap-2 overflow-y-auto">
            {versions.map((v) => (
              <li key={v.id} className="flex items-center justify-between gap-2 text-sm">
                <span><strong>v{v.number}</strong> {v.note || <em className="text-slate-500">no note</em>} <span className="text-xs text-slate-500">{v.createdAt.slice(0, 16).replace('T', ' ')}</span>{v.changes ? <span className="block text-xs text-slate-600">{v.changes}</span> : null}</span>
                <Button variant="secondary" disabled={pending} onClick={() => start(async () => {
                  const r = await restoreVersion({ flowId: p.flowId, versionId: v.id });
                  if (!r.ok) return toast(r.error, 'error');
                  p.onRestored(r.data.draft, r.data.revision);
                  setDialog(null);
                  toast(`Restored version ${v.number} as the draft`);
                })}>Restore v{v.number}</Button>
              </li>
            ))}
          </ul>
        )}
      </Dialog>
    </div>
  );
}

function CopyButton({ text }: { text: string }) {
  const toast = useToast();
  return <button type="button" className="text-brand-600 hover:underline" onClick={() => void navigator.clipboard?.writeText(text).then(() => toast('Copied'))}>Copy</button>;
}
