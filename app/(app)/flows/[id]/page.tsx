import { notFound } from 'next/navigation';
import { headers } from 'next/headers';
import { getDb, getSql } from '@/db/client';
import { toolChoicesFor } from '@/lib/tools/choices-server';
import { getFlow, listFlowChoices, listVersions } from '@/db/queries/flows';
import { requirePageRole } from '@/lib/auth/session';
import { SECTIONS } from '@/lib/auth/nav';
import { FlowEditor } from '@/components/canvas/flow-editor';
import type { FlowInput } from '@/lib/workflow/types';
import { describeDiff, diffFlows } from '@/lib/workflow/diff';

export default async function FlowEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageRole(SECTIONS.flows.roles);
  const { id } = await params;
  if (!/^[0-9a-f-]{36}$/.test(id)) notFound();
  const flow = await getFlow(getDb(), id);
  if (!flow) notFound();
  const [versions, others, tools] = await Promise.all([listVersions(getDb(), id), listFlowChoices(getDb()), toolChoicesFor(getSql(), user.roles)]);
  const h = await headers();
  const origin = `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('host') ?? 'localhost:3000'}`;
  return (
    <div className="-m-8">
      <FlowEditor
        flowId={flow.id}
        name={flow.name}
        draft={flow.draft as FlowInput}
        revision={flow.draftRevision}
        active={flow.active}
        versions={versions.map((v, i) => ({ id: v.id, number: v.number!, note: v.note, createdAt: v.createdAt.toISOString(), changes: describeDiff(diffFlows((versions[i + 1]?.definition as FlowInput) ?? null, v.definition as FlowInput)) }))}
        flows={others.filter((f) => f.id !== id)}
        tools={tools}
        webhook={{ production: `${origin}/api/hooks/${flow.webhookKey}`, test: `${origin}/api/hooks/${flow.webhookKey}/test` }}
      />
    </div>
  );
}
