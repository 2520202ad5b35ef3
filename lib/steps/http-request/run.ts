import 'server-only';
import http from 'node:http';
import https from 'node:https';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { isAllowed, isPrivateAddress } from '@/lib/net/address-guard';
import { isSealed, unseal } from '@/lib/crypto/secret-box';
import { NonRetriableError, RetryAfterError, SsrfBlockedError, StepFailure, StepTimeoutError } from '../errors';
import type { AsyncRunner, RunContext } from '../runtime';

export type HttpRequestConfig = {
  method: string;
  url: string;
  headers: { name: string; value: unknown; secret?: boolean }[];
  body?: unknown;
  timeoutMs: number;
  maxResponseBytes: number;
};

const MAX_REDIRECTS = 5;

/**
 * Calls an HTTP API with the SSRF guard applied to every connection (after DNS resolution and on
 * every redirect hop), a response size limit and the run's idempotency key.
 */
export const httpRequestRunner: AsyncRunner = {
  kind: 'async',
  run: async (config: HttpRequestConfig, _input, ctx) => {
    const headers: Record<string, string> = { 'idempotency-key': ctx.idempotencyKey, 'user-agent': 'Baton' };
    for (const h of config.headers) {
      const v = typeof h.value === 'string' ? h.value : JSON.stringify(h.value);
      headers[h.name.toLowerCase()] = isSealed(v) ? unseal(v) : v;
    }
    let body: string | undefined;
    if (config.body !== undefined && config.body !== null && config.method !== 'GET' && config.method !== 'HEAD') {
      body = typeof config.body === 'string' ? config.body : JSON.stringify(config.body);
      if (typeof config.body !== 'string') headers['content-type'] ??= 'application/json';
    }
    let url = parseUrl(config.url);
    let method = config.method;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const res = await send(url, method, headers, body, config, ctx);
      if (res.status >= 300 && res.status < 400 && res.location) {
        url = parseUrl(new URL(res.location, url).toString());
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = 'GET';
          body = undefined;
        }
        continue;
      }
      const output = { status: res.status, headers: res.headers, body: res.body };
      if (res.status === 429 || res.status >= 500) {
        const after = Number(res.headers['retry-after']);
        const msg = `HTTP ${res.status} from ${url.host}`;
        if (Number.isFinite(after) && after >= 0) throw new RetryAfterError(msg, after * 1000);
        throw Object.assign(new StepFailure(msg), { details: output });
      }
      if (res.status >= 400) throw Object.assign(new NonRetriableError(`HTTP ${res.status} from ${url.host}`), { details: output });
      return { output };
    }
    throw new NonRetriableError(`More than ${MAX_REDIRECTS} redirects`);
  },
};

function parseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new NonRetriableError(`"${raw}" is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new NonRetriableError(`Only http and https URLs can be called, not ${u.protocol}`);
  return u;
}

type Raw = { status: number; headers: Record<string, string>; body: unknown; location?: string };

function send(url: URL, method: string, headers: Record<string, string>, body: string | undefined, cfg: HttpRequestConfig, ctx: RunContext): Promise<Raw> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && isPrivateAddress(host) && !isAllowed(ctx.allowedHosts, host, host)) {
    return Promise.reject(blocked(host, host));
  }
  const guardedLookup: LookupFunction = (hostname, options, cb) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return cb(err, '', 0);
      const bad = addresses.find((a) => isPrivateAddress(a.address) && !isAllowed(ctx.allowedHosts, hostname, a.address));
      if (bad) return cb(blocked(hostname, bad.address), '', 0);
      if ((options as { all?: boolean }).all) return (cb as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      cb(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<Raw>((resolve, reject) => {
    const req = lib.request(url, { method, headers, lookup: guardedLookup, signal: ctx.signal, timeout: cfg.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > cfg.maxResponseBytes && !tooBig) {
          tooBig = true;
          reject(new NonRetriableError(`Response is larger than the limit of ${cfg.maxResponseBytes} bytes`));
          res.destroy();
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        if (tooBig) return;
        const text = Buffer.concat(chunks).toString('utf8');
        const type = String(res.headers['content-type'] ?? '');
        let parsed: unknown = text;
        if (type.includes('json') && text) {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = text;
          }
        }
        const flat: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== 'set-cookie') flat[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers: flat, body: parsed, location: res.headers.location });
      });
      res.on('error', (e) => !tooBig && reject(e));
    });
    req.on('timeout', () => req.destroy(new StepTimeoutError(`No response from ${url.host} within ${cfg.timeoutMs} ms`)));
    req.on('error', (err) => reject(err instanceof StepFailure ? err : ctx.signal.aborted ? new StepFailure('Cancelled') : new StepFailure(`Request to ${url.host} failed: ${err.message}`)));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function blocked(host: string, address: string) {
  return new SsrfBlockedError(`Blocked: ${host} resolves to ${address}, a private or loopback address. An admin can allow this host with BATON_ALLOWED_HOSTS.`);
}
