/**
 * The LISTEN/NOTIFY channels, named once. Payloads are `runId:lastEventId` (run events, heard by
 * the SSE hub) and `runId:stepId` (wake a parent run's call step held by another worker).
 * SQL that notifies interpolates these constants; nothing spells a channel name by hand.
 */
export const RUN_EVENTS_CHANNEL = 'baton_run_events';
export const WAKE_CHANNEL = 'baton_wake';
/**
 * Live partial output of running steps (streamed model text): `ProgressMessage` JSON, batched by
 * lib/runs/progress-stream. Never stored, never replayed: a viewer who joins late sees the text
 * from then on, and the committed output when the step ends.
 */
export const PROGRESS_CHANNEL = 'baton_step_progress';
