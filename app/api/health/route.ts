import { NextResponse } from 'next/server';
import { getSql } from '@/db/client';
import { BATON_VERSION } from '@/lib/version';

export const dynamic = 'force-dynamic';
/** Health is public on purpose: load balancers call it. It reveals no data. */
export const access = { public: 'health probe' };

export async function GET() {
  const sql = getSql();
  try {
    const [row] = await sql<{ alive: number }[]>`select count(*)::int as alive from workers where heartbeat_at > now() - interval '30 seconds'`;
    const workers = row?.alive ?? 0;
    return NextResponse.json({ ok: workers > 0, db: 'up', workers, version: BATON_VERSION }, { status: workers > 0 ? 200 : 503 });
  } catch {
    return NextResponse.json({ ok: false, db: 'down', version: BATON_VERSION }, { status: 503 });
  }
}
