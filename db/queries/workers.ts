import 'server-only';
import type { Sql } from '@/db/client';

/** Worker processes' heartbeat rows: how the others tell a live worker from a stopped one. */

export async function registerWorker(sql: Sql, w: { id: string; host: string; pid: number }): Promise<void> {
  await sql`insert into workers (id, host, pid) values (${w.id}, ${w.host}, ${w.pid})`;
}

/** One heartbeat; an upsert, so a row another worker swept while the database was away comes back. */
export async function beatWorker(sql: Sql, w: { id: string; host: string; pid: number; queueWorkerIds: string[] }): Promise<void> {
  await sql`insert into workers (id, host, pid, queue_worker_ids) values (${w.id}, ${w.host}, ${w.pid}, ${w.queueWorkerIds})
    on conflict (id) do update set heartbeat_at = now(), queue_worker_ids = excluded.queue_worker_ids`;
}

/** Records the ids graphile-worker locks this worker's jobs with (see force_unlock_workers). */
export async function setQueueWorkerIds(sql: Sql, id: string, queueWorkerIds: string[]): Promise<void> {
  await sql`update workers set queue_worker_ids = ${queueWorkerIds} where id = ${id}`;
}

/** Unlocks the jobs that queue workers which are gone still hold. */
export async function unlockQueueWorkers(sql: Sql, queueWorkerIds: string[]): Promise<void> {
  await sql`select graphile_worker.force_unlock_workers(${queueWorkerIds})`;
}

export async function deleteWorker(sql: Sql, id: string): Promise<void> {
  await sql`delete from workers where id = ${id}`;
}
