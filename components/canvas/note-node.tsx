'use client';
import { memo, useEffect, useState } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useFlowStore } from './flow-store';

export type NoteNodeData = { noteId: string; text: string };
export type NoteNodeType = Node<NoteNodeData, 'note'>;

/** Canvas node ids of sticky notes, apart from step ids. */
export const NOTE_PREFIX = 'note:';

/** A sticky note on the canvas: free text for people, ignored by validation and runs. */
function NoteNodeView({ data, selected }: NodeProps<NoteNodeType>) {
  const [text, setText] = useState(data.text);
  useEffect(() => setText(data.text), [data.text]);
  const save = () => {
    if (text === data.text) return;
    useFlowStore.getState().change((d) => ({ ...d, notes: (d.notes ?? []).map((n) => (n.id === data.noteId ? { ...n, text } : n)) }));
  };
  return (
    <div data-testid={`note.${data.noteId}`} className={`w-56 rounded-md border bg-amber-50 p-2 shadow-sm ${selected ? 'border-amber-500' : 'border-amber-200'}`}>
      <div className="mb-1 flex items-center justify-between text-[10px] tracking-wide text-amber-800 uppercase">
        <span>Note</span>
        <button
          type="button"
          className="nodrag rounded px-1 text-amber-900 hover:bg-amber-100 focus-visible:outline-2 focus-visible:outline-amber-600"
          aria-label="Delete note"
          onClick={() => useFlowStore.getState().change((d) => ({ ...d, notes: (d.notes ?? []).filter((n) => n.id !== data.noteId) }))}
        >
          ×
        </button>
      </div>
      <textarea
        aria-label="Sticky note"
        className="nodrag nowheel h-24 w-full resize-y rounded border border-amber-200 bg-white/60 p-1 text-xs focus-visible:outline-2 focus-visible:outline-amber-600"
        value={text}
        maxLength={5000}
        onChange={(e) => setText(e.target.value)}
        onBlur={save}
      />
    </div>
  );
}

export const NoteNode = memo(NoteNodeView);
