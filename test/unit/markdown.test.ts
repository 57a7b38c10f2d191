import { describe, expect, it } from 'vitest';
import { markdownToHtml, parseInline, parseMarkdown } from '../../shared/markdown';

describe('safe Markdown subset', () => {
  it('parses headings, lists, quotes, code and inline marks into a tree', () => {
    expect(parseMarkdown('# Title\n\n- one\n- **two**\n\n> quoted\n\n```\nx < y\n```\n\n1. first')).toEqual([
      { type: 'heading', level: 1, children: [{ type: 'text', text: 'Title' }] },
      {
        type: 'list',
        ordered: false,
        items: [
          [{ type: 'text', text: 'one' }],
          [{ type: 'strong', children: [{ type: 'text', text: 'two' }] }],
        ],
      },
      { type: 'quote', children: [{ type: 'text', text: 'quoted' }] },
      { type: 'code', text: 'x < y' },
      { type: 'list', ordered: true, items: [[{ type: 'text', text: 'first' }]] },
    ]);
  });

  it('keeps raw HTML as text and escapes it in HTML output', () => {
    const html = markdownToHtml('<script>alert(1)</script> and <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('links only to http(s) and mailto addresses', () => {
    expect(parseInline('[ok](https://example.org/a)')).toEqual([
      { type: 'link', href: 'https://example.org/a', children: [{ type: 'text', text: 'ok' }] },
    ]);
    expect(parseInline('[bad](javascript:alert(1))').some((n) => n.type === 'link')).toBe(false);
    expect(markdownToHtml('[x](https://e.org/"onmouseover=1)')).not.toContain('"onmouseover');
  });
});
