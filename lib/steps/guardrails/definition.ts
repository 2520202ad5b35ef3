import { z } from 'zod';
import { defineStep } from '../types';
import { MASK_STYLES } from './hits';

const style = (d: (typeof MASK_STYLES)[number]) => z.enum(MASK_STYLES).default(d);
const STYLE_HINT =
  'off, label ([EMAIL]), partial (j***@example.com), hash ([EMAIL#1a2b3c4d], the same within a run) or flag (left as is, routed to "violation").';

const FINDING = {
  type: 'object',
  properties: {
    kind: { type: 'string' },
    rule: { type: 'string' },
    path: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    action: { enum: ['masked', 'flagged'] },
    reason: { type: 'string' },
  },
  required: ['kind', 'rule', 'path', 'start', 'end', 'action'],
};

/** What every guardrails step outputs: the masked value, whether it passed, and what was found where. */
const GUARDRAILS_OUTPUT = {
  type: 'object',
  properties: {
    value: {},
    passed: { type: 'boolean' },
    findings: { type: 'array', items: FINDING },
    model: { type: 'object', properties: { injection: { type: 'boolean' }, reason: { type: 'string' } } },
  },
  required: ['value', 'passed', 'findings'],
  additionalProperties: false,
};

export const guardrails = defineStep({
  type: 'guardrails',
  label: 'Guardrails',
  category: 'AI',
  description: [
    'Checks text before it reaches a model or leaves the flow. Masks personal data (e-mail addresses; phone numbers: international, North American, national with a trunk 0; payment cards by issuer prefix and Luhn check; IBANs by mod-97; IPv4 and IPv6 addresses), secrets (OpenAI, Anthropic, GitHub, AWS, Slack, Stripe and Google keys, JWTs, private key blocks, password/api_key assignments, random-looking tokens) and, if chosen, URLs, keeping the text around them.',
    'Flags prompt injection and jailbreaks by rules: ignore-instructions, new-instructions, role-override (DAN, developer mode), no-restrictions, system-prompt-extraction, chat-markup (<|im_start|>, [INST], "system:" lines), encoded-payload, exfiltration, hidden-text (invisible Unicode tag characters), and the same rules inside base64 text. The rules are heuristic: they catch common phrasings in English and their disguises (case, spacing, full-width letters, invisible characters), not every rewording.',
    'The optional model check (off by default) asks the configured model when the rules find no injection; it reads the masked text only, and its finding (rule "model") has no span. No model is needed otherwise; with the check on and no provider the step fails, so give it an alternative with the check off to fall back to the rules.',
    'Output: { value (masked), passed, findings: [{ kind, rule, path, start, end, action }] } on "pass" or "violation".',
  ].join(' '),
  effect: 'external',
  configSchema: z.object({
    text: z.unknown().default('{{ input }}'),
    email: style('label'),
    phone: style('label'),
    card: style('label'),
    iban: style('label'),
    ip: style('label'),
    secret: style('label'),
    url: style('off'),
    injection: z.enum(['flag', 'off']).default('flag'),
    violationOn: z.enum(['threats', 'any']).default('threats'),
    modelCheck: z.boolean().default(false),
    model: z.string().max(200).optional(),
  }),
  fields: {
    text: {
      label: 'Text to check',
      hint: 'A text, or any value: every string in it is checked (keys, numbers and booleans are not).',
      example: '{{ input.message }}',
    },
    email: { label: 'E-mail addresses', hint: STYLE_HINT },
    phone: { label: 'Phone numbers', hint: STYLE_HINT },
    card: { label: 'Payment cards', hint: STYLE_HINT },
    iban: { label: 'IBANs', hint: STYLE_HINT },
    ip: { label: 'IP addresses', hint: STYLE_HINT },
    secret: { label: 'Secrets (API keys, tokens, private keys)', hint: STYLE_HINT },
    url: { label: 'URLs', hint: STYLE_HINT },
    injection: { label: 'Prompt injection and jailbreaks', hint: 'flag: a match routes to "violation".' },
    violationOn: { label: 'Route to "violation" on', hint: 'threats: injection or anything set to flag (masked values pass); any: any finding at all.' },
    modelCheck: { label: 'Also ask a model about injection' },
    model: { label: 'Model for the check', hint: 'Empty: the default model.' },
  },
  // What it outputs, so that completion and the validator know `input.value` and `input.findings`.
  contract: () => ({ output: GUARDRAILS_OUTPUT }),
  ports: () => ['pass', 'violation'],
  join: 'first',
});
