import { NextResponse } from 'next/server';
import { getSql } from '@/db/client';
import { BATON_VERSION } from '@/lib/version';
import { noteDatabase, withinDbWait } from '@/lib/server/db-availability';

export const dynamic = 'force-dynamic';
/** Health is public on purpose: load balancers call it. It reveals no data. */
export const access = { public: 'health probe' };

/** 200 with the database up and a live worker; 503 otherwise, within BATON_DB_WAIT_MS whatever the database does. */
export async function GET() {
  try {
    const [row] = await withinDbWait(getSql()<{ alive: number }[]>`select count(*)::int as alive from workers where heartbeat_at > now() - interval '30 seconds'`);
    noteDatabase(true);
    const workers = row?.alive ?? 0;
    return NextResponse.json({ ok: workers > 0, db: 'up', workers, version: BATON_VERSION }, { status: workers > 0 ? 200 : 503 });
  } catch {
    return NextResponse.json({ ok: false, db: 'down', version: BATON_VERSION }, { status: 503 });
  }
}
