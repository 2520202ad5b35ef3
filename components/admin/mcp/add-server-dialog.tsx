'use client';
import { useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { createMcpServer } from '@/lib/actions/mcp';

type Transport = 'http' | 'stdio';

/**
 * Add a server: a streamable HTTP URL, or one of the commands the environment allows (the list
 * comes from BATON_MCP_STDIO_ALLOW on the server; no command can be typed here). Baton connects
 * once on save and says what it found. A credential chosen here is granted to the server (and to
 * nothing else through this form); a stdio server receives it in the environment variable named.
 */
export function AddMcpServerButton({ stdioEntries, credentials }: { stdioEntries: string[]; credentials: { id: string; name: string; kind: string }[] }) {
  const [open, setOpen] = useState(false);
  const [transport, setTransport] = useState<Transport>('http');
  const [pending, start] = useTransition();
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<string>();
  const toast = useToast();
  const router = useRouter();
  const close = () => {
    setOpen(false);
    setErrors({});
    setError(undefined);
  };
  return (
    <>
      <Button onClick={() => setOpen(true)}>Add MCP server</Button>
      <Dialog open={open} onClose={close} title="Add MCP server">
        <form
          className="flex flex-col gap-4"
          onSubmit={(e) => {
            e.preventDefault();
            const f = new FormData(e.currentTarget);
            const name = String(f.get('name') ?? '');
            const credentialId = String(f.get('credentialId') ?? '') || undefined;
            const input =
              transport === 'http'
                ? { transport, name, url: String(f.get('url') ?? ''), credentialId }
                : { transport, name, entry: String(f.get('entry') ?? ''), extraArgs: String(f.get('extraArgs') ?? ''), credentialId, credentialEnv: String(f.get('credentialEnv') ?? '') || undefined };
            start(async () => {
              const r = await createMcpServer(input);
              if (!r.ok) {
                setErrors(r.fieldErrors ?? {});
                setError(r.error);
                return;
              }
              close();
              const test = r.data.test;
              if (test.ok) toast(`${name} connected: ${test.tools.length} tools listed`);
              else toast(`${name} was added, but connecting failed: ${test.error}`, 'error');
              router.push(`/admin/mcp/${r.data.id}`);
            });
          }}
        >
          <Input label="Name" name="name" error={errors.name?.[0]} />
          <fieldset className="flex gap-4 text-sm">
            <legend className="mb-1 font-medium text-slate-700">Connection</legend>
            <label className="flex items-center gap-2">
              <input type="radio" name="transport" checked={transport === 'http'} onChange={() => setTransport('http')} /> Streamable HTTP (URL)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="transport" checked={transport === 'stdio'} onChange={() => setTransport('stdio')} disabled={!stdioEntries.length} /> Local command (stdio)
            </label>
          </fieldset>
          {!stdioEntries.length ? <p className="text-xs text-slate-500">Local commands are off: whoever runs Baton lists the allowed ones in BATON_MCP_STDIO_ALLOW.</p> : null}
          {transport === 'http' ? (
            <Input label="URL" name="url" placeholder="https://mcp.example.com/mcp" error={errors.url?.[0]} />
          ) : (
            <>
              <Select label="Command" name="entry" options={stdioEntries.map((e) => ({ value: e, label: e }))} error={errors.entry?.[0]} />
              <Input label="Extra arguments (optional)" name="extraArgs" placeholder="e.g. a directory the server may use" error={errors.extraArgs?.[0]} />
            </>
          )}
          <Select
            label="Credential (optional)"
            name="credentialId"
            options={[{ value: '', label: 'None' }, ...credentials.map((c) => ({ value: c.id, label: `${c.name} (${c.kind.replace('_', ' ')})` }))]}
            error={errors.credentialId?.[0]}
          />
          {transport === 'stdio' ? <Input label="Environment variable for the credential" name="credentialEnv" placeholder="e.g. API_KEY" error={errors.credentialEnv?.[0]} /> : null}
          {error && !Object.keys(errors).length ? <p role="alert" className="text-sm text-red-600">{error}</p> : null}
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={close}>Cancel</Button>
            <Button type="submit" disabled={pending}>{pending ? 'Connecting…' : 'Add and connect'}</Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
