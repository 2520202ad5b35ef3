'use client';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Background, Controls, MiniMap, ReactFlow, ReactFlowProvider, applyNodeChanges, useReactFlow, type Connection, type NodeChange, type EdgeChange, type Edge as RFEdge, type FinalConnectionState } from '@xyflow/react';
import { prepareFlow } from '@/lib/workflow/prepare';
import type { FlowInput } from '@/lib/workflow/types';
import { getDefinition } from '@/lib/steps/definitions';
import { stepPorts } from '@/lib/workflow/step-ports';
import { useToast } from '@/components/ui/toast';
import { useFlowStore, newStepId } from './flow-store';
import { deriveGraph } from './derive';
import { nodeTypes, type CanvasNode } from './step-node';
import { NOTE_PREFIX } from './note-node';
import { Palette, DRAG_MIME } from './palette';
import { EditorSide } from './editor-side';
import { connectionProblem } from './connection-check';
import { useAutosave } from './use-autosave';
import { useLeaveGuard } from './use-leave-guard';
import { RAIL, useCollapsedPanels } from './use-panels';
import { useRunStatus } from './use-run-status';
import { EditorToolbar } from './editor-toolbar';
import { StepPicker } from './step-picker';
import { copySteps, pasteInto, readClipboard } from './clipboard';
import { autoLayout } from './auto-layout';
import { FlowChoices } from './flow-choices';
import { TOOL_PREFIX, ToolChoices } from './tool-choices';
import { toolIssues, toolStepConfig } from '@/lib/tools/choices';
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
      <ToolChoices.Provider value={props.tools}>
        <Editor {...props} />
      </ToolChoices.Provider>
      </FlowChoices.Provider>
    </ReactFlowProvider>
  );
}

function Editor(props: EditorProps) {
  const { doc, select, load, change, addEdge, removeSteps, removeEdges, undo, redo } = useFlowStore();
  const toast = useToast();
  const rf = useReactFlow();
  const canvasRef = useRef<HTMLDivElement>(null);
  const autosave = useAutosave(props.flowId, props.revision);
  useLeaveGuard(autosave);
  const { collapsed, toggle } = useCollapsedPanels();
  const [runId, setRunId] = useState<string | null>(null);
  const [picker, setPicker] = useState(false);
  const run = useRunStatus(runId);

  useEffect(() => load(props.draft), [load, props.draft]);

  const issues = useMemo(() => {
    const r = prepareFlow(doc);
    return [...(r.ok ? [] : r.issues), ...toolIssues(doc.steps, props.tools)];
  }, [doc, props.tools]);
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
  // Edges are derived from the document, so their selection is kept here (Delete removes them).
  const [edgeSel, setEdgeSel] = useState<ReadonlySet<string>>(new Set());
  const edges = useMemo(() => (edgeSel.size ? derived.edges.map((e) => (edgeSel.has(e.id) ? { ...e, selected: true } : e)) : derived.edges), [derived.edges, edgeSel]);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const picks = changes.filter((c) => c.type === 'select');
    if (picks.length) setEdgeSel((cur) => {
      const next = new Set(cur);
      for (const c of picks) {
        if (c.type !== 'select') continue;
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
    const removed = changes.filter((c) => c.type === 'remove').map((c) => c.id);
    if (removed.length) removeEdges(removed);
  }, [removeEdges]);

  const problemFor = useCallback((c: Connection | { source: string; target: string; sourceHandle?: string | null }) => connectionProblem(useFlowStore.getState().doc, c.source, c.sourceHandle ?? 'out', c.target), []);
  const onConnect = useCallback((c: Connection) => {
    const problem = problemFor(c);
    if (problem) return toast(`Cannot connect: ${problem}`, 'error');
    addEdge({ from: c.source, to: c.target, port: c.sourceHandle ?? 'out' });
  }, [addEdge, problemFor, toast]);

  const place = useCallback((key: string, position: { x: number; y: number }, connectFrom?: string) => {
    // A registry tool from the palette becomes a Tool call step built for its latest version.
    const tool = key.startsWith(TOOL_PREFIX) ? props.tools.find((t) => t.id === key.slice(TOOL_PREFIX.length)) : undefined;
    const type = tool ? 'tool-call' : key;
    const def = getDefinition(type);
    const cur = useFlowStore.getState().doc;
    const id = newStepId(cur, type);
    let config: Record<string, unknown> = {};
    try {
      config = tool ? toolStepConfig(tool) : ((def?.configSchema.parse({}) as Record<string, unknown>) ?? {});
    } catch {
      /* required fields stay empty; the validator shows what to fill in */
    }
    // One change, so one undo removes the step and its connection together.
    change((d) => {
      const withStep = { ...d, steps: [...d.steps, { id, type, name: tool?.name ?? def?.label, config, position }] };
      // From the source's first port: an If step's "true", a Switch's first case.
      const from = connectFrom ? d.steps.find((s) => s.id === connectFrom) : undefined;
      const port = from ? stepPorts(from)[0]! : 'out';
      const link = connectFrom && !connectionProblem(withStep, connectFrom, port, id);
      return link ? { ...withStep, edges: [...withStep.edges, { from: connectFrom, to: id, port }] } : withStep;
    });
    select(id);
    setNodes((nds) => nds.map((n) => ({ ...n, selected: false })));
  }, [change, select, props.tools]);

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
  const palette = useMemo(() => (collapsed.palette
    ? <div className={`${RAIL} border-r`}><button type="button" aria-label="Show steps" title="Show steps" onClick={() => toggle('palette')} className="rounded px-1 text-slate-600 hover:bg-slate-100 [writing-mode:vertical-rl]">Steps »</button></div>
    : <Palette onAdd={addNearSelection} onCollapse={() => toggle('palette')} />), [addNearSelection, collapsed.palette, toggle]);
  const onFocus = useCallback((id: string) => {
    select(id);
    const n = useFlowStore.getState().doc.steps.find((s) => s.id === id);
    if (n?.position) void rf.setCenter(n.position.x + 90, n.position.y + 30, { zoom: 1.2, duration: 300 });
  }, [select, rf]);
  const onToggleSide = useCallback(() => toggle('inspector'), [toggle]);
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
            edges={edges}
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
        <EditorSide collapsed={collapsed.inspector} onToggle={onToggleSide} flowId={props.flowId} testUrl={props.webhook.test} issues={issues} runId={runId} runStatus={run?.status} beforeRun={autosave.flush} onRun={setRunId} onFocus={onFocus} />
      </div>
    </div>
  );
}
