'use client';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyNodeChanges, useReactFlow, type Connection, type NodeChange, type EdgeChange, type Edge as RFEdge, type FinalConnectionState } from '@xyflow/react';
import { prepareFlow } from '@/lib/workflow/prepare';
import type { FlowInput } from '@/lib/workflow/types';
import { getDefinition } from '@/lib/steps/definitions';
import { useToast } from '@/components/ui/toast';
import { useFlowStore, newStepId } from './flow-store';
import { deriveGraph } from './derive';
import { nodeTypes, type CanvasNode } from './step-node';
import { NOTE_PREFIX } from './note-node';
import { Palette, DRAG_MIME } from './palette';
import { Inspector } from './inspector';
import { ProblemsPanel } from './problems-panel';
import { connectionProblem } from './connection-check';
import { useAutosave } from './use-autosave';
import { useRunStatus } from './use-run-status';
import { EditorToolbar } from './editor-toolbar';
import { StepTestPanel } from './step-test-panel';
import { StepPicker } from './step-picker';
import { copySteps, pasteInto, readClipboard } from './clipboard';
import { autoLayout } from './auto-layout';
import { FlowChoices } from './flow-choices';
import type { EditorProps } from './editor-props';

/** Rough size of a step card, to decide whether a new step is in view before it is measured. */
const NODE_SIZE = { w: 200, h: 64 };
const CULL_ABOVE = 150;
const DELETE_KEYS = ['Delete', 'Backspace'];
const SNAP: [number, number] = [20, 20];
const FIT = { maxZoom: 1, padding: 0.3 };

export type { EditorProps };

export function FlowEditor(props: EditorProps) {
  return (
    <ReactFlowProvider>
      <FlowChoices.Provider value={props.flows}>
        <Editor {...props} />
      </FlowChoices.Provider>
    </ReactFlowProvider>
  );
}

function Editor(props: EditorProps) {
  const { doc, selected, select, load, change, addEdge, removeSteps, removeEdges, updateStep, undo, redo } = useFlowStore();
  const toast = useToast();
  const rf = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const autosave = useAutosave(props.flowId, props.revision);
  const [runId, setRunId] = useState<string | null>(null);
  const [picker, setPicker] = useState(false);
  const run = useRunStatus(runId);

  useEffect(() => load(props.draft), [load, props.draft]);

  const issues = useMemo(() => {
    const r = prepareFlow(doc);
    return r.ok ? [] : r.issues;
  }, [doc]);
  const derived = useMemo(() => deriveGraph(doc, issues, run?.steps), [doc, issues, run]);
  const [nodes, setNodes] = useState<CanvasNode[]>(derived.nodes);
  // Re-derive when the document or run status changes; React Flow keeps selection and sizes.
  useEffect(() => setNodes((prev) => derived.nodes.map((n) => {
    const old = prev.find((p) => p.id === n.id);
    return old ? { ...n, selected: old.selected, measured: old.measured } : n;
  })), [derived]);

  const onNodesChange = useCallback(
    (changes: NodeChange<CanvasNode>[]) => {
      setNodes((nds) => applyNodeChanges(changes, nds));
      const isNote = (id: string) => id.startsWith(NOTE_PREFIX);
      const picked = changes.find((c) => c.type === 'select' && c.selected);
      if (picked && picked.type === 'select') select(picked.id);
      else if (changes.some((c) => c.type === 'select') && !changes.some((c) => c.type === 'select' && c.selected)) select(null);
      const moved = changes.filter((c) => c.type === 'position' && c.dragging === false && c.position);
      if (moved.length) {
        const at = (id: string) => {
          const m = moved.find((c) => c.type === 'position' && c.id === id);
          return m && m.type === 'position' && m.position ? { x: Math.round(m.position.x), y: Math.round(m.position.y) } : null;
        };
        change((d) => ({
          ...d,
          steps: d.steps.map((s) => {
            const p = at(s.id);
            return p ? { ...s, position: p } : s;
          }),
          notes: (d.notes ?? []).map((n) => {
            const p = at(`${NOTE_PREFIX}${n.id}`);
            return p ? { ...n, position: p } : n;
          }),
        }));
      }
      const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
      if (removed.some(isNote)) change((d) => ({ ...d, notes: (d.notes ?? []).filter((n) => !removed.includes(`${NOTE_PREFIX}${n.id}`)) }));
      if (removed.some((id) => !isNote(id))) removeSteps(removed.filter((id) => !isNote(id)));
    },
    [change, removeSteps, select],
  );
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length) removeEdges(removed);
  }, [removeEdges]);

  const problemFor = useCallback((c: Connection | { source: string; target: string; sourceHandle?: string | null }) => connectionProblem(useFlowStore.getState().doc, c.source, c.sourceHandle ?? 'out', c.target), []);
  const onConnect = useCallback((c: Connection) => {
    const problem = problemFor(c);
    if (problem) return toast(`Cannot connect: ${problem}`, 'error');
    addEdge({ from: c.source, to: c.target, port: c.sourceHandle ?? 'out' });
  }, [addEdge, problemFor, toast]);

  const place = useCallback((type: string, position: { x: number; y: number }, connectFrom?: string) => {
    const def = getDefinition(type);
    const cur = useFlowStore.getState().doc;
    const id = newStepId(cur, type);
    let config: Record<string, unknown> = {};
    try {
      config = (def?.configSchema.parse({}) as Record<string, unknown>) ?? {};
    } catch {
      /* required fields stay empty; the validator shows what to fill in */
    }
    // One change, so one undo removes the step and its connection together.
    change((d) => {
      const withStep = { ...d, steps: [...d.steps, { id, type, name: def?.label, config, position }] };
      const link = connectFrom && !connectionProblem(withStep, connectFrom, 'out', id);
      return link ? { ...withStep, edges: [...withStep.edges, { from: connectFrom, to: id, port: 'out' }] } : withStep;
    });
    select(id);
    setNodes((nds) => nds.map((n) => ({ ...n, selected: false })));
  }, [change, select]);

  const addNearSelection = useCallback((type: string) => {
    const cur = useFlowStore.getState();
    const from = cur.doc.steps.find((s) => s.id === cur.selected) ?? cur.doc.steps.at(-1);
    const pos = from?.position ? { x: from.position.x + 240, y: from.position.y } : { x: 120, y: 120 };
    place(type, pos, from?.id);
    if (cur.doc.steps.length < CULL_ABOVE) {
      setTimeout(() => void rf.fitView({ maxZoom: 1, padding: 0.3, duration: 150 }), 30);
      return;
    }
    // A big flow renders only visible nodes, and fitView counts only measured ones: a step placed
    // off screen would never show. Centre on its position instead when it is out of view.
    const box = canvasRef.current?.getBoundingClientRect();
    const at = rf.flowToScreenPosition(pos);
    const zoom = rf.getZoom();
    const inView = box && at.x >= box.left && at.y >= box.top && at.x + NODE_SIZE.w * zoom <= box.right && at.y + NODE_SIZE.h * zoom <= box.bottom;
    if (!inView) void rf.setCenter(pos.x + NODE_SIZE.w / 2, pos.y + NODE_SIZE.h / 2, { zoom });
  }, [place, rf]);

  const selectedIds = useCallback(() => nodes.filter((n) => n.selected).map((n) => n.id), [nodes]);
  const paste = useCallback((clip: ReturnType<typeof readClipboard>) => {
    if (!clip?.steps.length) return;
    let ids: string[] = [];
    change((d) => {
      const r = pasteInto(d, clip);
      ids = r.ids;
      return r.doc;
    });
    setNodes((nds) => nds.map((n) => ({ ...n, selected: ids.includes(n.id) })));
    select(ids[0] ?? null);
  }, [change, select]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement).closest('input, textarea, select, dialog, [contenteditable]')) return;
      // "/" opens the picker (Tab stays focus navigation, so keyboard users are never trapped).
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        return setPicker(true);
      }
      if (!(e.ctrlKey || e.metaKey)) return;
      const k = e.key.toLowerCase();
      if (k === 'c' && selectedIds().length) copySteps(useFlowStore.getState().doc, selectedIds());
      else if (k === 'v') paste(readClipboard());
      else if (k === 'd' && selectedIds().length) {
        e.preventDefault();
        paste(copySteps(useFlowStore.getState().doc, selectedIds()));
      } else if (e.key.toLowerCase() === 'z') {
        e.preventDefault();
        if (e.shiftKey) redo();
        else undo();
      } else if (e.key.toLowerCase() === 'y') {
        e.preventDefault();
        redo();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, paste, selectedIds]);

  const step = doc.steps.find((s) => s.id === selected);

  // Dragging changes `nodes` every frame: everything but the canvas is memoised on what it
  // really shows, so a drag re-renders the canvas alone.
  const onLayout = useCallback(() => {
    change(autoLayout);
    setTimeout(() => void rf.fitView({ maxZoom: 1, padding: 0.2 }), 30);
  }, [change, rf]);
  const onRestored = useCallback((d: FlowInput, rev: number) => {
    autosave.setRevision(rev);
    load(d);
  }, [autosave, load]);
  const toolbar = useMemo(
    () => <EditorToolbar {...props} onLayout={onLayout} autosave={autosave} issues={issues.length} run={run} runId={runId} onRun={setRunId} onRestored={onRestored} />,
    [props, onLayout, autosave, issues.length, run, runId, onRestored],
  );
  const palette = useMemo(() => <Palette onAdd={addNearSelection} />, [addNearSelection]);
  const side = useMemo(() => (
    <aside aria-label="Inspector" className="flex w-80 shrink-0 flex-col gap-4 overflow-y-auto border-l border-slate-200 bg-white p-4">
      {step ? (
        <>
          <Inspector key={step.id} step={step} onChange={(patch) => updateStep(step.id, patch)} onDelete={() => removeSteps([step.id])} />
          <StepTestPanel flowId={props.flowId} step={step} runId={runId} runStatus={run?.status} beforeRun={autosave.flush} onRun={setRunId} onPin={(pinned) => updateStep(step.id, { pinned })} />
        </>
      ) : (
        <p className="text-sm text-slate-600">Select a step to configure it, or add one from the palette.</p>
      )}
      <section aria-label="Problems panel" className="border-t border-slate-200 pt-3">
        <h2 className="mb-2 text-sm font-semibold">Problems ({issues.length})</h2>
        <ProblemsPanel issues={issues} onFocus={(id) => {
          select(id);
          const n = useFlowStore.getState().doc.steps.find((s) => s.id === id);
          if (n?.position) void rf.setCenter(n.position.x + 90, n.position.y + 30, { zoom: 1.2, duration: 300 });
        }} />
      </section>
    </aside>
  ), [step, updateStep, removeSteps, props.flowId, runId, run?.status, autosave.flush, issues, select, rf]);
  const isValidConnection = useCallback((c: Connection | RFEdge) => !problemFor({ source: c.source, target: c.target, sourceHandle: c.sourceHandle }), [problemFor]);
  const onConnectEnd = useCallback((_e: MouseEvent | TouchEvent, st: FinalConnectionState) => {
    // Dropped on a handle that refused the connection: say why.
    if (!('isValid' in st) || st.isValid !== false || !st.fromNode || !st.toNode) return;
    const problem = problemFor({ source: st.fromNode.id, target: st.toNode.id, sourceHandle: st.fromHandle?.id ?? 'out' });
    if (problem) toast(`Cannot connect: ${problem}`, 'error');
  }, [problemFor, toast]);

  return (
    <div className="flex h-screen flex-col">
      <StepPicker open={picker} onClose={() => setPicker(false)} onPick={(type) => { setPicker(false); addNearSelection(type); }} />
      {toolbar}
      <div className="flex min-h-0 flex-1">
        {palette}
        <div
          ref={canvasRef}
          className="min-w-0 flex-1"
          onDragOver={(e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; }}
          onDrop={(e) => {
            const type = e.dataTransfer.getData(DRAG_MIME);
            if (!type) return;
            e.preventDefault();
            place(type, rf.screenToFlowPosition({ x: e.clientX, y: e.clientY }));
          }}
        >
          <ReactFlow
            nodes={nodes}
            edges={derived.edges}
            nodeTypes={nodeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            isValidConnection={isValidConnection}
            onConnectEnd={onConnectEnd}
            deleteKeyCode={DELETE_KEYS}
            snapToGrid
            snapGrid={SNAP}
            fitView
            fitViewOptions={FIT}
            minZoom={0.1}
            // Culling pays off only on big flows; on small ones every node stays measurable.
            onlyRenderVisibleElements={doc.steps.length >= CULL_ABOVE}
            aria-label="Flow canvas"
          >
            <Background gap={20} />
            <MiniMap pannable zoomable />
            <Controls />
          </ReactFlow>
        </div>
        {side}
      </div>
    </div>
  );
}
