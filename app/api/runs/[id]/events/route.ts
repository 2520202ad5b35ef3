import { getSql } from '@/db/client';
import { eventsAfter, runStatus } from '@/db/queries/run-events';
import { guardRoute } from '@/lib/auth/route-guard';
import { watchRun } from '@/lib/sse/run-events-hub';
import type { ProgressMessage } from '@/lib/sse/progress-wire';
import { TERMINAL_EVENTS, toWire, type RunEventType } from '@/lib/engine/events';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const access = { roles: ['admin', 'analyst', 'reviewer'] as const };

type Row = { id: string; type: RunEventType; step_id: string | null; data: unknown; at: Date | string };

/**
 * Server-sent events of one run: replays what the client missed (Last-Event-ID, or ?after=),
 * then streams each commit's events as NOTIFY announces them, and running steps' live output as
 * `event: progress` messages (not replayed); closes after the run ends.
 */
export async function GET(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const user = await guardRoute(access.roles);
  if (user instanceof Response) return user;
  const { id } = await ctx.params;
  if (!/^[0-9a-f-]{36}$/i.test(id)) return Response.json({ error: 'Not a run id' }, { status: 400 });
  const sql = getSql();
  if (!(await runStatus(sql, id))) return Response.json({ error: 'No such run' }, { status: 404 });
  const fromHeader = Number(req.headers.get('last-event-id') ?? new URL(req.url).searchParams.get('after') ?? 0);
  let last = Number.isFinite(fromHeader) && fromHeader > 0 ? fromHeader : 0;

  const enc = new TextEncoder();
  let unsubscribe: (() => void) | undefined;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let closed = false;
      let chain = Promise.resolve();
      const close = () => {
        if (closed) return;
        closed = true;
        unsubscribe?.();
        clearInterval(heartbeat);
        controller.close();
      };
      const pull = () => {
        chain = chain.then(async () => {
          if (closed) return;
          const rows = (await eventsAfter(sql, id, last, 1000)) as Row[];
          for (const r of rows) {
            last = Number(r.id);
            controller.enqueue(enc.encode(`id: ${r.id}\ndata: ${toWire(r)}\n\n`));
            if (TERMINAL_EVENTS.has(r.type)) return close();
          }
          if (rows.length === 1000) pull();
        }).catch(() => close());
      };
      req.signal.addEventListener('abort', close);
      // Live output carries no id: it is not part of the log a reconnect replays.
      const progress = (m: ProgressMessage) => !closed && controller.enqueue(enc.encode(`event: progress\ndata: ${JSON.stringify(m)}\n\n`));
      // Subscribe before the first read, so nothing committed in between is missed.
      unsubscribe = await watchRun(id, pull, progress);
      heartbeat = setInterval(() => !closed && controller.enqueue(enc.encode(': keep-alive\n\n')), 15_000);
      controller.enqueue(enc.encode('retry: 1000\n\n'));
      pull();
    },
    cancel() {
      unsubscribe?.();
      clearInterval(heartbeat);
    },
  });
  return new Response(stream, { headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive' } });
}
