'use server';
import { z } from 'zod';
import { getDbHandle } from '@/db/client';
import { capturedTrigger, getTestListen, startTestListen, stopTestListen } from '@/db/queries/webhook-test-listens';
import { uiValue } from '@/lib/json/ui-value';
import { defineAction, UserError } from '@/lib/actions/define-action';

const EDIT = { roles: ['admin', 'analyst'] } as const;
const input = z.object({ flowId: z.string().uuid() });

/** How long the editor keeps asking for a captured event's run after the event came. */
const CAPTURE_WAIT_MS = 30_000;

/**
 * Seconds left and the captured event, so the client's clock never matters. An event is claimed
 * before its run starts: until the run and its request are recorded it is `pending`, and the
 * editor keeps asking.
 */
async function state(flowId: string) {
  const sql = getDbHandle().sql;
  const l = await getTestListen(sql, flowId);
  const secondsLeft = l?.listeningUntil ? Math.max(0, Math.ceil((Date.parse(l.listeningUntil) - Date.now()) / 1000)) : 0;
  const at = l?.capturedAt ?? null;
  const runId = l?.capturedRunId ?? null;
  const request = runId ? await capturedTrigger(sql, runId) : undefined;
  const captured = at ? { runId, at, request: request === undefined ? null : uiValue(request) } : null;
  const pending = captured !== null && (!runId || !captured.request) && Date.now() - Date.parse(at!) < CAPTURE_WAIT_MS;
  return { secondsLeft, pending, captured };
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
