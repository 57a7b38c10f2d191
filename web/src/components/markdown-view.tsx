import { type Block, type Inline, parseMarkdown } from '../../../shared/markdown';

/**
 * Renders a body in the safe Markdown subset as elements, never as HTML: whatever markup a body
 * holds is shown as text. Shared by bulletins and documents.
 */
export function MarkdownView({ source }: { source: string }) {
  const blocks = parseMarkdown(source);
  // Bodies sit under the page's h1, so their headings start at h2 whatever level the author began
  // with, and never skip a level (a "###" right after "#" is one deeper): screen-reader users
  // navigate by headings (axe heading-order).
  let previous = 1;
  const levels = blocks.map((b) => {
    if (b.type !== 'heading') return 0;
    previous = Math.min(b.level + 1, previous + 1);
    return previous;
  });
  return <div class="markdown">{blocks.map((b, i) => block(b, i, levels[i]!))}</div>;
}

function block(b: Block, key: number, level: number) {
  switch (b.type) {
    case 'heading': {
      const Tag = (['h2', 'h3', 'h4'] as const)[level - 2]!;
      return <Tag key={key}>{inline(b.children)}</Tag>;
    }
    case 'paragraph':
      return <p key={key}>{inline(b.children)}</p>;
    case 'quote':
      return <blockquote key={key}>{inline(b.children)}</blockquote>;
    case 'code':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{inline(item)}</li>);
      return b.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    default:
      return null;
  }
}

function inline(nodes: Inline[]) {
  return nodes.map((n, i) => {
    switch (n.type) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inline(n.children)}</strong>;
      case 'em':
        return <em key={i}>{inline(n.children)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} rel="noopener noreferrer">
            {inline(n.children)}
          </a>
        );
      default:
        return null;
    }
  });
}
