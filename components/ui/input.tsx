import { useId, type InputHTMLAttributes } from 'react';
import { cx } from './cx';

/** A labelled input whose error message is announced and tied to the field. */
export function Input({ label, error, className, ...rest }: InputHTMLAttributes<HTMLInputElement> & { label: string; error?: string }) {
  const id = useId();
  return (
    <div className={cx('flex flex-col gap-1', className)}>
      <label htmlFor={id} className="text-sm font-medium text-slate-700">{label}</label>
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        {...rest}
        className={cx('rounded-md border px-3 py-2 text-sm shadow-sm', error ? 'border-red-500' : 'border-slate-300')}
      />
      {error ? <p id={`${id}-error`} className="text-sm text-red-600">{error}</p> : null}
    </div>
  );
}
