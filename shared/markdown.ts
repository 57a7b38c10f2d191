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

/** Inline markup; anything unmatched stays literal text. */
export function parseInline(source: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const rest = source.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^`([^`]+)`/))) {
      flush();
      out.push({ type: 'code', text: m[1]! });
    } else if ((m = rest.match(/^\*\*(?=\S)([\s\S]*?\S)\*\*/))) {
      flush();
      out.push({ type: 'strong', children: parseInline(m[1]!) });
    } else if ((m = rest.match(/^\*(?=\S)([^*]*?\S)\*/)) || (m = rest.match(/^_(?=\S)([^_]*?\S)_/))) {
      flush();
      out.push({ type: 'em', children: parseInline(m[1]!) });
    } else if ((m = rest.match(/^\[([^\]]+)\]\(([^)\s]+)\)/)) && safeHref(m[2]!)) {
      flush();
      out.push({ type: 'link', href: m[2]!, children: parseInline(m[1]!) });
    } else {
      text += source[i];
      i += 1;
      continue;
    }
    i += m[0].length;
  }
  flush();
  return out;
}

/** Block structure, line by line. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length) blocks.push({ type: 'paragraph', children: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let m: RegExpMatchArray | null;
    if (line.startsWith('```')) {
      endParagraph();
      const code: string[] = [];
      for (i += 1; i < lines.length && !lines[i]!.startsWith('```'); i++) code.push(lines[i]!);
      blocks.push({ type: 'code', text: code.join('\n') });
    } else if ((m = line.match(/^(#{1,3})\s+(.*)$/))) {
      endParagraph();
      blocks.push({ type: 'heading', level: m[1]!.length as 1 | 2 | 3, children: parseInline(m[2]!.trim()) });
    } else if ((m = line.match(/^\s*([-*]|\d+[.)])\s+(.*)$/))) {
      endParagraph();
      const ordered = /\d/.test(m[1]!);
      const items: Inline[][] = [];
      for (; i < lines.length; i++) {
        const item = lines[i]!.match(/^\s*([-*]|\d+[.)])\s+(.*)$/);
        if (!item || /\d/.test(item[1]!) !== ordered) break;
        items.push(parseInline(item[2]!));
      }
      i -= 1;
      blocks.push({ type: 'list', ordered, items });
    } else if ((m = line.match(/^>\s?(.*)$/))) {
      endParagraph();
      const quote: string[] = [m[1]!];
      for (i += 1; i < lines.length && lines[i]!.startsWith('>'); i++) quote.push(lines[i]!.replace(/^>\s?/, ''));
      i -= 1;
      blocks.push({ type: 'quote', children: parseInline(quote.join(' ')) });
    } else if (line.trim() === '') {
      endParagraph();
    } else {
      paragraph.push(line.trim());
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
      }
    })
    .join('\n');
}
