'use client';
import { useEffect, useRef } from 'react';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, placeholder as cmPlaceholder } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { javascript } from '@codemirror/lang-javascript';
import { completeToken, type ScopePath } from '@/lib/workflow/completions';

const TOKEN = /[A-Za-z_$][\w$]*(?:\.[\w$]*)*$|$/;

/** Completion inside `{{ }}` (templates) or anywhere (code), from the paths the step may read. */
function scopeCompletion(paths: () => ScopePath[], template: boolean) {
  return (ctx: CompletionContext): CompletionResult | null => {
    const before = ctx.state.doc.sliceString(0, ctx.pos);
    if (template && before.lastIndexOf('{{') <= before.lastIndexOf('}}')) return null;
    const token = TOKEN.exec(before)![0];
    if (!token && !ctx.explicit) return null;
    const r = completeToken(token, paths());
    if (!r.options.length) return null;
    return {
      from: ctx.pos - token.length + r.from,
      options: r.options.map((o) => ({ label: o.path, detail: o.detail, type: o.detail === 'function' ? 'function' : 'property' })),
      validFor: /^[\w$]*$/,
    };
  };
}

const theme = EditorView.theme({
  '&': { fontSize: '12px', border: '1px solid rgb(203 213 225)', borderRadius: '0.375rem', backgroundColor: 'white' },
  '&.cm-focused': { outline: '2px solid rgb(37 99 235)', outlineOffset: '1px' },
  '.cm-content': { fontFamily: 'ui-monospace, monospace', padding: '4px 0' },
  '.cm-gutters': { backgroundColor: 'rgb(248 250 252)', border: 'none' },
});

/** Code gets room to breathe: the editor itself (gutter included) is at least this tall. */
const codeHeight = EditorView.theme({ '.cm-content, .cm-gutter': { minHeight: '8rem' } });

/**
 * A CodeMirror 6 field for code and expressions: completion of upstream outputs (Ctrl-Space, or
 * while typing a path), undo history of its own, and no Tab capture (Tab keeps moving focus).
 * Single-line fields refuse line breaks. Labelled through `labelledBy` for assistive technology.
 */
export function CodeField(p: { labelledBy: string; value: string; onChange: (v: string) => void; multiline: boolean; code?: boolean; placeholder?: string; paths: () => ScopePath[]; testId?: string }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(p);
  latest.current = p;

  useEffect(() => {
    const ext: Extension[] = [
      history(),
      keymap.of([...completionKeymap, ...defaultKeymap, ...historyKeymap]),
      autocompletion({ override: [scopeCompletion(() => latest.current.paths(), !p.code)], activateOnTyping: true }),
      EditorView.contentAttributes.of({ 'aria-labelledby': p.labelledBy, 'aria-multiline': String(p.multiline), ...(p.testId ? { 'data-testid': p.testId } : {}) }),
      EditorView.updateListener.of((u) => {
        if (u.docChanged) latest.current.onChange(u.state.doc.toString());
      }),
      theme,
    ];
    if (p.placeholder) ext.push(cmPlaceholder(p.placeholder));
    if (p.code) ext.push(lineNumbers(), javascript(), codeHeight);
    if (p.multiline) ext.push(EditorView.lineWrapping);
    else ext.push(EditorState.transactionFilter.of((tr) => (tr.newDoc.lines > 1 ? [] : tr)));
    view.current = new EditorView({ parent: host.current!, state: EditorState.create({ doc: p.value, extensions: ext }) });
    return () => view.current?.destroy();
    // The editor is created once per field; later props flow in through `latest` and the sync below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Outside changes (undo on the canvas, a restored version) replace the text.
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== p.value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: p.value } });
  }, [p.value]);

  return <div ref={host} />;
}
