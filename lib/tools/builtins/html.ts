import 'server-only';
import { convert } from 'html-to-text';
import { capText, defineBuiltin, MAX_TEXT, object } from './define';

const toText = defineBuiltin<{ html: string; wordwrap: number; links: boolean; images: boolean; uppercaseHeadings: boolean }>({
  key: 'html.to-text',
  name: 'HTML to text',
  category: 'Text',
  description: 'Turns an HTML page or e-mail into readable plain text: paragraphs and line breaks kept, lists bulleted, tables laid out, scripts and styles dropped, entities decoded. Good before summarising or searching a page.',
  inputSchema: object(
    {
      html: { type: 'string', title: 'HTML', description: `Up to ${MAX_TEXT.toLocaleString('en-US')} characters.`, examples: ['<h1>Hello</h1><p>Read <a href="https://example.com">more</a></p>'] },
      wordwrap: { type: 'integer', title: 'Wrap lines at', description: 'Characters per line; 0 never wraps.', minimum: 0, maximum: 1000, default: 0 },
      links: { type: 'boolean', title: 'Keep link addresses', description: 'Write a link’s address after its text, in brackets.', default: true },
      images: { type: 'boolean', title: 'Keep images', description: 'Write an image’s alt text and address.', default: false },
      uppercaseHeadings: { type: 'boolean', title: 'Upper-case headings', default: false },
    },
    ['html'],
  ),
  outputSchema: object({ text: { type: 'string', title: 'Text' } }, ['text']),
  run: ({ html, wordwrap, links, images, uppercaseHeadings }) => {
    capText('html', html, MAX_TEXT);
    const heading = { options: { uppercase: uppercaseHeadings } };
    const text = convert(html, {
      wordwrap: wordwrap || false,
      // Bounded so a hostile page (deep nesting, huge child lists) cannot make the walk costly.
      limits: { maxInputLength: MAX_TEXT, maxDepth: 200, maxChildNodes: 50_000 },
      selectors: [
        { selector: 'a', options: { ignoreHref: !links, hideLinkHrefIfSameAsText: true } },
        { selector: 'img', format: images ? 'image' : 'skip' },
        ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, ...heading })),
        { selector: 'table', format: 'dataTable' },
      ],
    });
    return { text };
  },
});

export const HTML_TOOLS = [toText];
