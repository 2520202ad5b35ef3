'use client';
import { useEffect, useId, useState } from 'react';

/**
 * A JSON value edited as text; a parse error (or what `check` says of the value) shows under the
 * field and keeps the last good value.
 */
export function JsonField({ label, value, onChange, rows = 4, check, placeholder }: { label: string; value: unknown; onChange: (v: unknown) => void; rows?: number; check?: (v: unknown) => string | null; placeholder?: string }) {
  const id = useId();
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  const [error, setError] = useState<string>();
  useEffect(() => {
    setText(value === undefined ? '' : JSON.stringify(value, null, 2));
  }, [value]);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">{label}</label>
      <textarea
        id={id}
        rows={rows}
        value={text}
        spellCheck={false}
        placeholder={placeholder}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => {
          if (text.trim() === '') return onChange(undefined);
          try {
            const v: unknown = JSON.parse(text);
            const problem = check?.(v);
            if (problem) return setError(problem);
            onChange(v);
            setError(undefined);
          } catch (e) {
            setError(`Not valid JSON: ${(e as Error).message}`);
          }
        }}
        aria-invalid={error ? true : undefined}
        className="rounded-md border border-slate-300 px-2 py-1 font-mono text-xs"
      />
      {error ? <p className="text-xs text-red-600">{error}</p> : null}
    </div>
  );
}
