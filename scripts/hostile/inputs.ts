import fc from 'fast-check';

/** Building blocks of hostile input: odd strings, any JSON, deep nesting, raw bytes. */
export const oddString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', '\u0000', '$', '$$', '$@1', '$K1', '$Q0', '$h1', '$T', '$undefined', '{{', '}}', '{{ input }}', '\\', '"', "'", '<script>alert(1)</script>', 'null', '__proto__', 'constructor', '../../etc/passwd', '%00', '\ud800', 'a'.repeat(5000)),
  fc.string({ maxLength: 12 }).map((s) => `{{ ${s} }}`),
);

export const anyJson = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(oddString, fc.oneof(oddString, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.array(oddString, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom({ __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, [[[[[[]]]]]], 1e308, -0, 'x'.repeat(100_000)) },
);

/** Text that is not (quite) JSON, or JSON far too deep. */
export const rawText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  anyJson.map((v) => JSON.stringify(v)),
  anyJson.map((v) => JSON.stringify(v).slice(0, -1)),
  fc.integer({ min: 1, max: 20_000 }).map((d) => '['.repeat(d) + ']'.repeat(d)),
  fc.integer({ min: 1, max: 20_000 }).map((d) => '{"a":'.repeat(d) + '1' + '}'.repeat(d)),
  fc.constantFrom('', 'null', '[]', '{}', '[null]', '["$@0"]', '["$K1"]', '[{"$$typeof":1}]', '\u0000\u0001', '\ufeff[]'),
);

export const rawBody = fc.oneof(
  { weight: 5, arbitrary: rawText.map((s) => Buffer.from(s)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
);

export const contentType = fc.constantFrom(
  'application/json',
  'text/plain;charset=UTF-8',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'multipart/form-data',
  'application/xml',
  'text/html',
  '',
  'application/json; charset=utf-16',
  '*/*',
);


/** An id that is real, nearly real, or nonsense. */
export const idLike = (real: string[]) =>
  fc.oneof(
    fc.constantFrom(...real),
    fc.uuid(),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'not-an-id', '..', '%2e%2e', "1' or '1'='1", ''),
    fc.string({ maxLength: 40 }),
  );
