import { describe, expect, it } from 'vitest';
import type { ModelPort, ModelRequest, ModelResult, RunContext, StepProgress } from '../runtime';
import { llmPromptRunner } from '../llm-prompt/run';
import { extractRunner } from '../extract/run';
import { classifyRunner } from '../classify/run';
import { routerRunner } from '../router/run';
import { synthesiseRunner } from '../synthesise/run';
import { classify } from '../classify/definition';
import { router } from '../router/definition';
import { llmPrompt } from '../llm-prompt/definition';
import { extract } from '../extract/definition';
import { synthesise } from '../synthesise/definition';
import { agreement } from './confidence';

type Script = (req: ModelRequest, call: number) => Partial<ModelResult> | Error;

/** A model that answers from a script and records every request; streams its text in 3-character pieces. */
function scripted(script: Script) {
  const sent: ModelRequest[] = [];
  const progress: StepProgress[] = [];
  const model: ModelPort = {
    generate: async (req, opts) => {
      sent.push(req);
      const r = script(req, sent.length);
      if (r instanceof Error) throw r;
      const text = r.text ?? JSON.stringify(r.object ?? '');
      for (let i = 0; i < text.length; i += 3) opts.onDelta?.(text.slice(i, i + 3));
      return { text, usage: { inputTokens: 10, outputTokens: 5, costUsd: 0.001 }, ...r };
    },
  };
  const controller = new AbortController();
  const ctx = { signal: controller.signal, model, emit: (p: StepProgress) => progress.push(p) } as unknown as RunContext;
  return { ctx, sent, progress, controller };
}

const settings = { model: '', temperature: 0, maxTokens: 100, cacheTtlSeconds: 0 };
const parse = <T extends { configSchema: { parse: (v: unknown) => unknown } }>(d: T, c: unknown) => d.configSchema.parse(c) as never;

describe('LLM prompt', () => {
  it('streams the text into the run view, outputs it once, and reports usage', async () => {
    const s = scripted(() => ({ text: 'Hello there, friend' }));
    const out = await llmPromptRunner.run(parse(llmPrompt, { prompt: 'Say hello', cacheTtlSeconds: 60, temperature: 0 }), null, s.ctx);
    expect(out).toMatchObject({ output: { text: 'Hello there, friend' }, usage: { outputTokens: 5, costUsd: 0.001 } });
    expect(s.progress.map((p) => (p.type === 'text' ? p.delta : '')).join('')).toBe('Hello there, friend');
    expect(s.progress.length).toBeGreaterThan(1);
    // The empty system prompt is not sent; the cache setting travels with the request.
    expect(s.sent[0]).toMatchObject({ messages: [{ role: 'user', content: 'Say hello' }], temperature: 0, cache: { ttlSeconds: 60 } });
  });

  it('refuses a config without a prompt, naming the field', () => {
    const r = llmPrompt.configSchema.safeParse({ prompt: '' });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['prompt'], message: 'Write the prompt' });
  });
});

describe('Extract', () => {
  const schema = { type: 'object', properties: { order: { type: 'integer' } }, required: ['order'] };

  it('asks the model to rate itself through the schema and outputs the answer with that confidence', async () => {
    const s = scripted(() => ({ object: { answer: { order: 42 }, confidence: 0.9 } }));
    const out = await extractRunner.run(parse(extract, { schema, text: 'Order 42 is late', ...settings }), null, s.ctx);
    expect(out).toMatchObject({ output: { order: 42 }, confidence: 0.9 });
    expect(s.sent[0]!.schema).toMatchObject({ properties: { answer: schema, confidence: { type: 'number' } }, required: ['answer', 'confidence'] });
  });

  it('reads token probabilities when asked, and says so when the provider has none', async () => {
    const withLogprobs = scripted(() => ({ object: { order: 7 }, confidence: 0.97 }));
    expect(await extractRunner.run(parse(extract, { schema, confidence: 'logprobs', ...settings }), null, withLogprobs.ctx)).toMatchObject({
      output: { order: 7 },
      confidence: 0.97,
    });
    expect(withLogprobs.sent[0]!.schema).toEqual(schema);
    const without = scripted(() => ({ object: { order: 7 } }));
    await expect(extractRunner.run(parse(extract, { schema, confidence: 'logprobs', ...settings }), null, without.ctx)).rejects.toThrow(
      'The provider returned no token probabilities',
    );
  });

  it('measures agreement of n samples, sampled warm and never from the cache, and adds up their usage', async () => {
    const answers = [{ order: 1 }, { order: 2 }, { order: 1 }];
    const s = scripted((_r, n) => ({ object: answers[n - 1] }));
    const out = await extractRunner.run(parse(extract, { schema, confidence: 'samples', samples: 3, ...settings, cacheTtlSeconds: 60 }), null, s.ctx);
    expect(out).toMatchObject({ output: { order: 1 }, usage: { inputTokens: 30, outputTokens: 15 } });
    expect(out.confidence).toBeCloseTo(2 / 3);
    expect(s.sent.map((r) => [r.temperature, r.cache])).toEqual([
      [0.7, undefined],
      [0.7, undefined],
      [0.7, undefined],
    ]);
  });

  it('agreement ignores key order and counts ties for the first seen', () => {
    expect(agreement([{ a: 1, b: 2 }, { b: 2, a: 1 }, { a: 3 }])).toEqual({ value: { a: 1, b: 2 }, confidence: 2 / 3 });
    expect(agreement(['x', 'y'])).toEqual({ value: 'x', confidence: 0.5 });
  });
});

describe('Classify', () => {
  const labels = [
    { name: 'refund', description: 'Wants money back', examples: ['I want a refund'] },
    { name: 'question', description: 'Asks something', examples: [] },
  ];

  it('sends the labels with meanings and examples, outputs the label on its own port with the confidence', async () => {
    const s = scripted(() => ({ object: { answer: { label: 'refund' }, confidence: 0.8 } }));
    const out = await classifyRunner.run(parse(classify, { labels, text: 'Money back please', ...settings }), null, s.ctx);
    expect(out).toMatchObject({ output: { label: 'refund', confidence: 0.8 }, port: 'refund', confidence: 0.8 });
    expect(s.sent[0]!.messages[0]!.content).toContain('- refund: Wants money back\n  example: "I want a refund"');
    expect((s.sent[0]!.schema as { properties: { answer: { properties: { label: { enum: string[] } } } } }).properties.answer.properties.label.enum).toEqual([
      'refund',
      'question',
    ]);
  });

  it('has one output per label, and refuses duplicate or unusable label names', () => {
    expect(classify.ports(parse(classify, { labels }))).toEqual(['refund', 'question']);
    expect(classify.configSchema.safeParse({ labels: [labels[0], labels[0]] }).error?.issues[0]?.message).toBe('Label names must differ');
    expect(classify.configSchema.safeParse({ labels: [{ name: 'a b' }, { name: 'c' }] }).error?.issues[0]?.message).toContain('Label names use letters');
  });
});

describe('Router', () => {
  const base = {
    branches: [
      { port: 'sales', description: 'Buying' },
      { port: 'support', description: 'Problems' },
      { port: 'vip', description: 'Large accounts' },
    ],
    threshold: 0.6,
    rules: [
      { port: 'vip', when: false },
      { port: 'sales', when: true },
    ],
    fallback: 'support',
    ...settings,
  };

  it("takes the model's branch when it is sure enough", async () => {
    const s = scripted(() => ({ object: { answer: { port: 'vip' }, confidence: 0.9 } }));
    expect(await routerRunner.run(parse(router, base), null, s.ctx)).toMatchObject({ port: 'vip', output: { port: 'vip', by: 'model', confidence: 0.9 } });
  });

  it('lets the rules decide below the threshold, and says why', async () => {
    const s = scripted(() => ({ object: { answer: { port: 'vip' }, confidence: 0.3 } }));
    const out = await routerRunner.run(parse(router, base), null, s.ctx);
    expect(out).toMatchObject({ port: 'sales', output: { by: 'rules', reason: 'The model chose "vip" with confidence 0.30, below 0.6' } });
  });

  it('falls back to the rules when the call fails, and to the fallback branch when no rule holds', async () => {
    const s = scripted(() => new Error('429 Too Many Requests'));
    expect(await routerRunner.run(parse(router, base), null, s.ctx)).toMatchObject({
      port: 'sales',
      output: { by: 'rules', reason: 'The model call failed: 429 Too Many Requests' },
    });
    expect(await routerRunner.run(parse(router, { ...base, rules: [] }), null, s.ctx)).toMatchObject({ port: 'support' });
  });

  it('does not route a cancelled run', async () => {
    const s = scripted(() => new Error('aborted'));
    s.controller.abort();
    await expect(routerRunner.run(parse(router, base), null, s.ctx)).rejects.toThrow('aborted');
  });

  it('refuses a fallback or a rule that names no branch', () => {
    const r = router.configSchema.safeParse({ ...base, fallback: 'nowhere', rules: [{ port: 'elsewhere', when: true }] });
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['fallback', 'The fallback must be one of the branches'],
      ['rules.0.port', '"elsewhere" is not one of the branches'],
    ]);
  });
});

describe('Synthesise', () => {
  it('writes text from the gathered material, streaming it', async () => {
    const s = scripted(() => ({ text: 'Report: all good' }));
    const out = await synthesiseRunner.run(parse(synthesise, { material: { a: 1 }, ...settings }), null, s.ctx);
    expect(out).toMatchObject({ output: { text: 'Report: all good' } });
    expect(s.sent[0]!.messages[1]!.content).toBe('{\n  "a": 1\n}');
    expect(s.progress.length).toBeGreaterThan(0);
  });

  it('builds a record that fits its schema, which is also its output contract', async () => {
    const schema = { type: 'object', properties: { subject: { type: 'string' } }, required: ['subject'] };
    const s = scripted(() => ({ object: { subject: 'Your refund' } }));
    const cfg = parse(synthesise, { format: 'json', schema, ...settings });
    expect(await synthesiseRunner.run(cfg, null, s.ctx)).toMatchObject({ output: { subject: 'Your refund' } });
    expect(s.sent[0]!.schema).toEqual(schema);
    expect(synthesise.contract!(cfg)).toEqual({ output: schema });
    expect(synthesise.configSchema.safeParse({ format: 'json' }).error?.issues[0]).toMatchObject({ path: ['schema'] });
  });
});
