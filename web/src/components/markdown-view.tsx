import { type Block, type Inline, parseMarkdown } from '../../../shared/markdown';

/**
 * Renders a body in the safe Markdown subset as elements, never as HTML: whatever markup a body
 * holds is shown as text. Shared by bulletins and documents.
 */
export function MarkdownView({ source }: { source: string }) {
  return <div class="markdown">{parseMarkdown(source).map((b, i) => block(b, i))}</div>;
}

function block(b: Block, key: number) {
  switch (b.type) {
    case 'heading': {
      // Bodies sit under the page's h1, so their headings start at h2.
      const Tag = (['h2', 'h3', 'h4'] as const)[b.level - 1]!;
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
