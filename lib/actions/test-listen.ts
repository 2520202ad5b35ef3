'use server';
import { z } from 'zod';
import { getDbHandle } from '@/db/client';
import { capturedTrigger, getTestListen, startTestListen, stopTestListen } from '@/db/queries/webhook-test-listens';
import { uiValue } from '@/lib/json/ui-value';
import { defineAction, UserError } from '@/lib/actions/define-action';

const EDIT = { roles: ['admin', 'analyst'] } as const;
const input = z.object({ flowId: z.string().uuid() });

/** Seconds left and the captured event, so the client's clock never matters. */
async function state(flowId: string) {
  const sql = getDbHandle().sql;
  const l = await getTestListen(sql, flowId);
  const secondsLeft = l?.listeningUntil ? Math.max(0, Math.ceil((Date.parse(l.listeningUntil) - Date.now()) / 1000)) : 0;
  const runId = l?.capturedRunId ?? null;
  return { secondsLeft, captured: runId ? { runId, at: l!.capturedAt, request: uiValue(await capturedTrigger(sql, runId)) } : null };
}

/** The editor's "Listen for a test event": opens the flow's test URL for one event, up to 120 s. */
export const listenForTestEvent = defineAction(EDIT, input, async ({ flowId }, user) => {
  if (!(await startTestListen(getDbHandle().sql, flowId, user?.id ?? null))) throw new UserError('This flow no longer exists.');
  return state(flowId);
});

export const stopListeningForTestEvent = defineAction(EDIT, input, async ({ flowId }) => {
  await stopTestListen(getDbHandle().sql, flowId);
  return state(flowId);
});

/** Polled while listening: the countdown and, once it came, the captured event. */
export const getTestEventListen = defineAction(EDIT, input, async ({ flowId }) => state(flowId));
