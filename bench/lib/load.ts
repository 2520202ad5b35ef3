import http from 'node:http';
import autocannon from 'autocannon';

export type Check = (status: number, body: string) => boolean;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

/** One request at a time over a keep-alive connection: the latency a single caller sees. */
export async function sequential(url: string, body: string, n: number, check: Check) {
  return (await interleaved([url], body, n, check))[0]!;
}

/**
 * One client, requests to several URLs in turn (a, b, c, a, b, c…): latencies of different flows
 * measured under the same conditions, so a drift of the machine (a checkpoint, autovacuum) cannot
 * land on one of them only.
 */
export async function interleaved(urls: string[], body: string, n: number, check: Check) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const stats = urls.map(() => ({ times: [] as number[], errors: 0, ok2xx: 0 }));
  for (let i = 0; i < n; i++) {
    for (const [j, url] of urls.entries()) {
      const s = stats[j]!;
      const t0 = process.hrtime.bigint();
      const { status, text } = await post(url, body, agent);
      s.times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (status >= 200 && status < 300) s.ok2xx++;
      if (!check(status, text)) s.errors++;
    }
  }
  agent.destroy();
  return stats.map((s) => ({ requests: n, ok2xx: s.ok2xx, errors: s.errors, p50: percentile(s.times, 50), p95: percentile(s.times, 95), p99: percentile(s.times, 99) }));
}

export function post(url: string, body: string, agent?: http.Agent): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** autocannon at `connections` for `seconds`, every body verified. */
export async function concurrent(url: string, body: string, connections: number, seconds: number, check: Check) {
  let bad = 0;
  let sent = 0;
  let received = 0;
  const result = await autocannon({
    setupClient: (client) => {
      client.on('request', () => sent++);
      client.on('response', () => received++);
    },
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: seconds,
    verifyBody: (b: string) => {
      const good = check(200, b);
      if (!good) bad++;
      return good;
    },
  });
  const ok2xx = result['2xx'];
  return {
    connections,
    seconds,
    requests: result.requests.total,
    ok2xx,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts + bad,
    runsPerSec: ok2xx / seconds,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    /** Requests autocannon sent but stopped waiting for when the phase ended (the server still ran them). */
    abandoned: sent - received,
  };
}
