import 'server-only';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { capText, defineBuiltin, MAX_TEXT, object, ToolInputError } from './define';

const category = 'Data';
const MAX_DEPTH = 100;

const attributePrefixSchema = { type: 'string', title: 'Attribute prefix', description: 'Put before attribute names to tell them from child elements.', default: '@_', maxLength: 10 };
const textKeySchema = { type: 'string', title: 'Text key', description: 'The key of an element’s text when it also has attributes or children.', default: '#text', minLength: 1, maxLength: 20 };

/**
 * Entity declarations are refused outright rather than expanded under limits: no business
 * document needs its own entities, and "billion laughs" or external entities (XXE) need them.
 * The five predefined entities (&amp; &lt; …) and character references still work.
 */
function refuseDeclarations(text: string) {
  if (/<!ENTITY/i.test(text)) throw new ToolInputError('Not accepted: the XML declares entities (<!ENTITY …>), which can expand without bound; remove the DOCTYPE’s entity declarations');
}

const parse = defineBuiltin<{ text: string; attributes: boolean; attributePrefix: string; textKey: string; parseValues: boolean; trimValues: boolean }>({
  key: 'xml.parse',
  name: 'Parse XML',
  category,
  description: 'Reads XML text into an object: elements become keys, repeated elements arrays, attributes prefixed keys. A malformed document is reported with its line and column; entity declarations are refused.',
  inputSchema: object(
    {
      text: { type: 'string', title: 'XML text', description: `Up to ${MAX_TEXT.toLocaleString('en-US')} characters, nested at most ${MAX_DEPTH} deep.`, examples: ['<order id="7"><item>tea</item><item>milk</item></order>'] },
      attributes: { type: 'boolean', title: 'Read attributes', default: true },
      attributePrefix: attributePrefixSchema,
      textKey: textKeySchema,
      parseValues: { type: 'boolean', title: 'Read numbers and booleans', description: 'Turn text such as 42 or true into numbers and booleans; otherwise all values stay text.', default: false },
      trimValues: { type: 'boolean', title: 'Trim text', description: 'Remove spaces and line breaks around element text.', default: true },
    },
    ['text'],
  ),
  outputSchema: object({ value: { type: 'object', title: 'Document', description: 'The root element (and any <?xml?> declaration) as keys.' } }, ['value']),
  run: ({ text, attributes, attributePrefix, textKey, parseValues, trimValues }) => {
    capText('text', text, MAX_TEXT);
    refuseDeclarations(text);
    const valid = XMLValidator.validate(text, { allowBooleanAttributes: true });
    if (valid !== true) throw new ToolInputError(`Not valid XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
    const parser = new XMLParser({
      ignoreAttributes: !attributes,
      attributeNamePrefix: attributePrefix,
      textNodeName: textKey,
      parseTagValue: parseValues,
      parseAttributeValue: parseValues,
      trimValues,
      allowBooleanAttributes: true,
      maxNestedTags: MAX_DEPTH,
      htmlEntities: false,
    });
    try {
      return { value: parser.parse(text) as Record<string, unknown> };
    } catch (err) {
      // Nesting past the limit, or a name such as __proto__ refused by the parser.
      throw new ToolInputError(`Not accepted XML: ${(err as Error).message.replace(/^\[SECURITY\]\s*/, '')}`);
    }
  },
});

const build = defineBuiltin<{ value: Record<string, unknown>; attributePrefix: string; textKey: string; indent: boolean; declaration: boolean }>({
  key: 'xml.build',
  name: 'Build XML',
  category,
  description: 'Writes an object as XML text: keys become elements, arrays repeated elements, prefixed keys attributes; text is escaped.',
  inputSchema: object(
    {
      value: { type: 'object', title: 'Object', description: 'Usually one key, the root element, e.g. { "order": { "@_id": 7, "item": ["tea", "milk"] } }.', minProperties: 1 },
      attributePrefix: attributePrefixSchema,
      textKey: textKeySchema,
      indent: { type: 'boolean', title: 'Indent', description: 'One element per line, indented.', default: false },
      declaration: { type: 'boolean', title: 'XML declaration', description: 'Start with <?xml version="1.0" encoding="UTF-8"?>.', default: false },
    },
    ['value'],
  ),
  outputSchema: object({ text: { type: 'string', title: 'XML text' } }, ['text']),
  run: ({ value, attributePrefix, textKey, indent, declaration }) => {
    const badName = findBadName(value, attributePrefix, textKey, 0);
    if (badName) throw new ToolInputError(badName);
    const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: attributePrefix, textNodeName: textKey, format: indent, suppressEmptyNode: true });
    const body = builder.build(value) as string;
    return { text: (declaration ? `<?xml version="1.0" encoding="UTF-8"?>${indent ? '\n' : ''}` : '') + body };
  },
});

// An element name the builder would write as-is (spaces, <, quotes) makes broken or injected XML.
// A leading ? is a processing instruction such as the ?xml key that parse returns.
const NAME = /^\??[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?$/;

function findBadName(value: unknown, prefix: string, textKey: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return `value is nested more than ${MAX_DEPTH} deep`;
  if (Array.isArray(value)) {
    for (const v of value) {
      const bad = findBadName(v, prefix, textKey, depth + 1);
      if (bad) return bad;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const name = prefix && k.startsWith(prefix) ? k.slice(prefix.length) : k;
    if (k !== textKey && !NAME.test(name)) return `"${k.slice(0, 50)}" cannot be an XML element or attribute name: start with a letter or _, then letters, digits, _ - .`;
    const bad = findBadName(v, prefix, textKey, depth + 1);
    if (bad) return bad;
  }
  return null;
}

export const XML_TOOLS = [parse, build];
