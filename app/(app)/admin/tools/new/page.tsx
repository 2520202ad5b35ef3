import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { ToolForm } from '@/components/admin/tool-form';

export default async function NewToolPage() {
  await requirePageRole(SECTIONS.tools.roles);
  return (
    <section className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Register an HTTP tool</h1>
      <ToolForm
        initial={{
          name: '',
          description: '',
          category: 'General',
          kind: 'http',
          accessRoles: ['analyst'],
          approval: 'auto',
          inputSchema: { type: 'object', properties: {}, required: [] },
          outputSchema: { type: 'object' },
          timeoutMs: 30_000,
          config: { method: 'GET', origin: '', path: '/' },
        }}
      />
    </section>
  );
}
