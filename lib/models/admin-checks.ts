import 'server-only';
import type { AllowList } from '@/lib/net/allow-list';
import { guardedFetch, OutboundError } from '@/lib/net/guarded-fetch';
import type { Resolver } from '@/lib/net/resolve';
import { hostOf, portOf } from '@/lib/net/target';
import { SsrfBlockedError } from '@/lib/steps/errors';
import { createModelPort } from './model-port';
import type { PriceLookup, ProviderConfig, ProviderSecretResolver } from './types';

type CheckDeps = { secret: ProviderSecretResolver; price: PriceLookup; allow: AllowList; resolve?: Resolver };

export type ConnectionTest =
  | { ok: true; model: string; answer: string; latencyMs: number; inputTokens: number; outputTokens: number; costUsd: number | null }
  | { ok: false; error: string; hint?: string };

const TEST_TIMEOUT_MS = 20_000;
const VENDOR_BASE: Record<ProviderConfig['kind'], string | null> = { openai: 'https://api.openai.com/v1', anthropic: 'https://api.anthropic.com/v1', openai_compatible: null };

/**
 * "Test connection": one tiny call to the provider's default (or first) model, through the same
 * port and guard as a step's call, answering what came back, how long it took and its tokens,
 * or the provider's error in words. A refused address says which allow-list entry opens it.
 */
export async function testConnection(p: ProviderConfig, d: CheckDeps): Promise<ConnectionTest> {
  const model = p.defaultModel ?? p.models[0];
  if (!model) return { ok: false, error: 'This provider lists no model yet: add one (or fetch the list) and set the default.' };
  const port = createModelPort({ providers: async () => [p], ...d });
  try {
    const r = await port.generate({ provider: p.id, model, messages: [{ role: 'user', content: 'Reply with the single word: pong' }], maxTokens: 16, temperature: 0 }, { signal: AbortSignal.timeout(TEST_TIMEOUT_MS) });
    return { ok: true, model, answer: r.text.slice(0, 500), latencyMs: r.usage.latencyMs ?? 0, inputTokens: r.usage.inputTokens, outputTokens: r.usage.outputTokens, costUsd: r.usage.costUsd };
  } catch (err) {
    return failure(err, p);
  }
}

/** The provider's model ids from its list endpoint (GET {base}/models), for the form to offer. */
export async function fetchModelList(p: ProviderConfig, d: Omit<CheckDeps, 'price'>): Promise<{ ok: true; models: string[] } | { ok: false; error: string; hint?: string }> {
  const base = p.baseUrl ?? VENDOR_BASE[p.kind];
  if (!base) return { ok: false, error: 'Set the base URL first.' };
  try {
    const headers: Record<string, string> = { accept: 'application/json' };
    const secret = await d.secret(p);
    const key = secret?.kind === 'api_key' ? secret.key : secret?.kind === 'bearer' ? secret.token : undefined;
    if (key && p.kind === 'anthropic') Object.assign(headers, secret?.kind === 'bearer' ? { authorization: `Bearer ${key}` } : { 'x-api-key': key }, { 'anthropic-version': '2023-06-01' });
    else if (secret?.kind === 'api_key' && secret.name && secret.name.toLowerCase() !== 'authorization' && p.kind === 'openai_compatible') headers[secret.name.toLowerCase()] = key!;
    else if (key) headers.authorization = `Bearer ${key}`;
    const res = await guardedFetch(`${base}/models`, { method: 'GET', headers }, { allow: d.allow, resolve: d.resolve, maxBytes: 4 * 1024 * 1024, timeoutMs: TEST_TIMEOUT_MS, redirect: 'refuse', secretHeaders: ['x-api-key'] });
    const body = safeJson(res.body.toString('utf8')) as { data?: { id?: unknown }[]; models?: { name?: unknown; model?: unknown }[]; error?: { message?: unknown } } | null;
    if (res.status >= 400) return { ok: false, error: `${p.name} answered HTTP ${res.status}: ${typeof body?.error?.message === 'string' ? body.error.message : 'no model list'}` };
    // OpenAI and Anthropic: {data: [{id}]}; Ollama's own /api/tags: {models: [{name}]}.
    const ids = (body?.data ?? []).map((m) => m.id).concat((body?.models ?? []).map((m) => m.name ?? m.model));
    const models = [...new Set(ids.filter((m): m is string => typeof m === 'string' && m.length > 0))].sort();
    return models.length ? { ok: true, models } : { ok: false, error: `${p.name} listed no models at ${base}/models; type them in instead.` };
  } catch (err) {
    return failure(err instanceof OutboundError && err.code === 'blocked' ? new SsrfBlockedError(err.message) : err, p);
  }
}

function failure(err: unknown, p: ProviderConfig): { ok: false; error: string; hint?: string } {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof SsrfBlockedError || (err instanceof OutboundError && err.code === 'blocked')) {
    const entry = allowEntryFor(p);
    return { ok: false, error: message, ...(entry ? { hint: `Add ${entry} to BATON_ALLOWED_HOSTS (in the server's environment) to let Baton call this address, then restart.` } : {}) };
  }
  return { ok: false, error: message };
}

function allowEntryFor(p: ProviderConfig): string | null {
  try {
    const url = new URL(p.baseUrl ?? VENDOR_BASE[p.kind] ?? '');
    const host = hostOf(url);
    return `${host.includes(':') ? `[${host}]` : host}:${portOf(url)}`;
  } catch {
    return null;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
