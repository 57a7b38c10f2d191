/**
 * A safe Markdown subset for bulletin and document bodies: headings (#, ##, ###), paragraphs,
 * bullet and numbered lists, quotes, fenced code, **strong**, *emphasis*, `code` and
 * [links](https://…). It parses into a tree that the UI renders as elements, so raw HTML in a body
 * is only ever text, and links can only be http(s) or mailto.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'strong'; children: Inline[] }
  | { type: 'em'; children: Inline[] }
  | { type: 'code'; text: string }
  | { type: 'link'; href: string; children: Inline[] };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; children: Inline[] }
  | { type: 'paragraph'; children: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'quote'; children: Inline[] }
  | { type: 'code'; text: string };

const safeHref = (href: string) => /^(https?:\/\/|mailto:)[^\s"'<>]+$/i.test(href);

/** Inline rules, tried in order at each position. */
const inlineRules: { pattern: RegExp; node: (m: RegExpMatchArray) => Inline | null }[] = [
  { pattern: /^`([^`]+)`/, node: (m) => ({ type: 'code', text: m[1]! }) },
  { pattern: /^\*\*(?=\S)([\s\S]*?\S)\*\*/, node: (m) => ({ type: 'strong', children: parseInline(m[1]!) }) },
  { pattern: /^\*(?=\S)([^*]*?\S)\*/, node: (m) => ({ type: 'em', children: parseInline(m[1]!) }) },
  { pattern: /^_(?=\S)([^_]*?\S)_/, node: (m) => ({ type: 'em', children: parseInline(m[1]!) }) },
  {
    pattern: /^\[([^\]]+)\]\(([^)\s]+)\)/,
    node: (m) => (safeHref(m[2]!) ? { type: 'link', href: m[2]!, children: parseInline(m[1]!) } : null),
  },
];

/** Inline markup; anything unmatched stays literal text. */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    let matched: { node: Inline; length: number } | null = null;
    for (const rule of inlineRules) {
      const m = rest.match(rule.pattern);
      const node = m ? rule.node(m) : null;
      if (m && node) {
        matched = { node, length: m[0].length };
        break;
      }
    }
    if (matched) {
      if (text) out.push({ type: 'text', text });
      text = '';
      out.push(matched.node);
      i += matched.length;
    } else {
      text += source[i];
      i += 1;
    }
  }
  if (text) out.push({ type: 'text', text });
  return out;
}

const listItem = /^\s*([-*]|\d+[.)])\s+(.*)$/;

/** Block structure, line by line. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const heading = line.match(/^(#{1,3})\s+(.*)$/);
    const item = line.match(listItem);
    if (line.startsWith('```')) {
      endParagraph();
      const code: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i]!.startsWith('```')) code.push(lines[i++]!);
      blocks.push({ type: 'code', text: code.join('\n') });
      i += 1;
    } else if (heading) {
      endParagraph();
      const level = heading[1]!.length as 1 | 2 | 3;
      blocks.push({ type: 'heading', level, children: parseInline(heading[2]!.trim()) });
      i += 1;
    } else if (item) {
      endParagraph();
      const ordered = /\d/.test(item[1]!);
      const items: Inline[][] = [];
      while (i < lines.length) {
        const next = lines[i]!.match(listItem);
        if (!next || /\d/.test(next[1]!) !== ordered) break;
        items.push(parseInline(next[2]!));
        i += 1;
      }
      blocks.push({ type: 'list', ordered, items });
    } else if (line.startsWith('>')) {
      endParagraph();
      const quote: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) quote.push(lines[i++]!.replace(/^>\s?/, ''));
      blocks.push({ type: 'quote', children: parseInline(quote.join(' ')) });
    } else {
      if (line.trim() === '') endParagraph();
      else paragraph.push(line.trim());
      i += 1;
    }
  }
  endParagraph();
  return blocks;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function inlineHtml(nodes: Inline[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(n.text);
        case 'code':
          return `<code>${escapeHtml(n.text)}</code>`;
        case 'strong':
          return `<strong>${inlineHtml(n.children)}</strong>`;
        case 'em':
          return `<em>${inlineHtml(n.children)}</em>`;
        case 'link':
          return `<a href="${escapeHtml(n.href)}" rel="noopener noreferrer">${inlineHtml(n.children)}</a>`;
        default:
          return '';
      }
    })
    .join('');
}

/** Escaped HTML of the subset, for places without a DOM renderer (the Atom feed). */
export function markdownToHtml(source: string): string {
  return parseMarkdown(source)
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return `<h${b.level}>${inlineHtml(b.children)}</h${b.level}>`;
        case 'paragraph':
          return `<p>${inlineHtml(b.children)}</p>`;
        case 'quote':
          return `<blockquote>${inlineHtml(b.children)}</blockquote>`;
        case 'code':
          return `<pre><code>${escapeHtml(b.text)}</code></pre>`;
        case 'list': {
          const tag = b.ordered ? 'ol' : 'ul';
          return `<${tag}>${b.items.map((item) => `<li>${inlineHtml(item)}</li>`).join('')}</${tag}>`;
        }
        default:
          return '';
      }
    })
    .join('\n');
}
