import { describe, expect, it } from 'vitest';
import { compileExpression, ExpressionError, type Scope } from './compile';
import { compileTemplate, compileValue } from './template';

const scope: Scope = {
  input: { count: 2, name: 'ada', list: [3, 1, 2], nested: { deep: { x: 7 } } },
  steps: { kyc: { output: { score: 0.72 } } },
  trigger: { body: { email: 'a@example.com' }, headers: {}, query: {} },
  run: { id: 'r1', startedAt: '2026-03-01T10:00:00.000Z' },
  now: '2026-03-01T10:00:00.000Z',
};
const ev = (t: string) => compileTemplate(t).evaluate(scope);

describe('templates keep types', () => {
  it('a lone expression yields its value with its type', () => {
    expect(ev('{{ input.count + 1 }}')).toBe(3);
    expect(ev('  {{ input.nested }}  ')).toEqual({ deep: { x: 7 } });
    expect(ev('{{ input.list }}')).toEqual([3, 1, 2]);
  });
  it('text with embedded expressions renders a string', () => {
    expect(ev('Hi {{ upper(input.name) }}, you have {{ input.count }} items {{ input.nested.deep }}')).toBe('Hi ADA, you have 2 items {"x":7}');
  });
  it('reads steps, trigger and run', () => {
    expect(ev('{{ steps.kyc.output.score >= 0.7 }}')).toBe(true);
    expect(ev('{{ trigger.body.email }}')).toBe('a@example.com');
    expect(ev('{{ run.id }}:{{ now() }}')).toBe('r1:2026-03-01T10:00:00.000Z');
  });
  it('missing paths are null, not errors', () => {
    expect(ev('{{ input.nope.deeper }}')).toBeNull();
    expect(ev('{{ input.nope ?? "fallback" }}')).toBe('fallback');
  });
  it('compiles values deeply and shares static parts', () => {
    const v = { a: 1, b: ['{{ input.count * 10 }}', 'x'] };
    const c = compileValue(v);
    expect(c.isStatic).toBe(false);
    expect(c.evaluate(scope)).toEqual({ a: 1, b: [20, 'x'] });
    const s = compileValue({ a: 1 });
    expect(s.evaluate(scope)).toBe(s.evaluate(scope));
  });
});

describe('function library', () => {
  it.each([
    ['{{ lower("AbC") }}', 'abc'],
    ['{{ trim("  x ") }}', 'x'],
    ['{{ replace("a-b-c", "-", "+") }}', 'a+b+c'],
    ['{{ split("a,b", ",") }}', ['a', 'b']],
    ['{{ round(3.14159, 2) }}', 3.14],
    ['{{ sum(input.list) }}', 6],
    ['{{ max(input.list) }}', 3],
    ['{{ len(input.list) }}', 3],
    ['{{ first(input.list) }}', 3],
    ['{{ join(input.list, "|") }}', '3|1|2'],
    ['{{ contains(input.list, 1) }}', true],
    ['{{ keys(input.nested) }}', ['deep']],
    ['{{ json(input.nested.deep) }}', '{"x":7}'],
    ['{{ parseJson("[1,2]") }}', [1, 2]],
    ['{{ coalesce(null, input.nope, 5) }}', 5],
    ['{{ isEmpty(input.nope) }}', true],
    ['{{ addDays("2026-01-30T00:00:00Z", 3) }}', '2026-02-02T00:00:00.000Z'],
    ['{{ formatDate(now()) }}', '2026-03-01'],
    ['{{ number("42") + 1 }}', 43],
    ['{{ input.count > 1 ? "many" : "one" }}', 'many'],
  ])('%s', (t, want) => {
    expect(ev(t)).toEqual(want);
  });
  it('misuse says what was expected', () => {
    expect(() => ev('{{ upper(input.list) }}')).toThrow(/upper\(\) expects text, got a list/);
  });
});

describe('safety', () => {
  it.each(['input.__proto__', 'input.constructor', 'input["constructor"]', 'input["__pro" + "to__"]', 'input.list.constructor', 'steps.kyc.prototype'])('refuses %s', (src) => {
    expect(() => compileExpression(src).evaluate(scope)).toThrow(ExpressionError);
  });
  it.each(['process', 'globalThis', 'this', 'eval("1")', 'input.name.toUpperCase()', 'x = 1', 'a; b', 'Function("return 1")'])('refuses %s', (src) => {
    expect(() => compileExpression(src).evaluate(scope)).toThrow(ExpressionError);
  });
  it('only own properties are visible', () => {
    expect(ev('{{ input.toString }}')).toBeNull();
    expect(ev('{{ input.list.map }}')).toBeNull();
  });
  it('reports syntax errors as ExpressionError', () => {
    expect(() => compileTemplate('{{ input.count + }}')).toThrow(ExpressionError);
    expect(() => compileTemplate('{{ }}')).toThrow(ExpressionError);
  });
  it('records the upstream steps an expression reads', () => {
    expect(compileTemplate('{{ steps.a.output.x + steps["b"].output }}').stepRefs.sort()).toEqual(['a', 'b']);
  });
});

describe('fuzz', () => {
  const atoms = ['input', 'steps', 'trigger', 'run', 'item', '1', '"s"', 'null', 'true', '__proto__', 'constructor', 'x', 'upper', 'len', 'now'];
  const glue = ['.', '[', ']', '(', ')', '+', '-', '*', '/', '?', ':', ',', '!', '&&', '||', '??', '==', '<', ' ', '{', '}', '"', "'", '`', ';', '=>', '=', 'new ', 'this'];
  let seed = 12345;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);

  it('random expressions either evaluate or throw ExpressionError, never anything else', () => {
    for (let i = 0; i < 3000; i++) {
      let src = '';
      const len = 1 + rnd(10);
      for (let j = 0; j < len; j++) src += rnd(2) ? atoms[rnd(atoms.length)] : glue[rnd(glue.length)];
      try {
        compileTemplate(`{{ ${src} }}`).evaluate(scope);
      } catch (e) {
        if (!(e instanceof ExpressionError)) throw new Error(`"${src}" threw ${(e as Error).name}: ${(e as Error).message}`);
      }
    }
  });
});
