/**
 * A small, strict XML 1.0 well-formedness checker for tests: every character must match the `Char`
 * production, tags must nest and match, attributes must be quoted and unique, and `&` may only
 * start one of the five predefined entities or a character reference to a `Char`. It reads what
 * the Atom writer produces (declaration, elements, attributes, text) and refuses comments, CDATA,
 * processing instructions and DOCTYPEs, which that writer never emits. Returns the element tree
 * with references decoded, so tests can compare text after a round trip.
 */

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: (XmlElement | string)[];
}

const isChar = (cp: number) =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

const predefined: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const nameStart = /[A-Za-z_:]/;
const nameChar = /[A-Za-z0-9._:-]/;

export class XmlError extends Error {}

export function parseXml(xml: string): XmlElement {
  let position = 0;
  for (const ch of xml) {
    const cp = ch.codePointAt(0)!;
    if (!isChar(cp)) throw new XmlError(`not an XML Char: U+${cp.toString(16)} at ${position}`);
    position += ch.length;
  }
  let i = 0;
  const fail = (why: string): never => {
    throw new XmlError(`${why} at ${i}: ${JSON.stringify(xml.slice(i, i + 20))}`);
  };
  const space = () => {
    while (i < xml.length && ' \t\r\n'.includes(xml[i]!)) i++;
  };
  const name = () => {
    const start = i;
    if (!nameStart.test(xml[i] ?? '')) fail('expected a name');
    while (i < xml.length && nameChar.test(xml[i]!)) i++;
    return xml.slice(start, i);
  };
  const reference = () => {
    // at '&'
    const end = xml.indexOf(';', i);
    if (end < 0) fail('unterminated reference');
    const body = xml.slice(i + 1, end);
    let text: string;
    if (/^#[0-9]+$/.test(body) || /^#x[0-9A-Fa-f]+$/.test(body)) {
      const cp = body[1] === 'x' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!isChar(cp)) fail('character reference to a non-Char');
      text = String.fromCodePoint(cp);
    } else {
      const known = predefined[body];
      if (known === undefined) fail(`unknown entity &${body};`);
      text = known!;
    }
    i = end + 1;
    return text;
  };
  const attributeValue = () => {
    const quote = xml[i];
    if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
    i++;
    let value = '';
    while (xml[i] !== quote) {
      if (i >= xml.length) fail('unterminated attribute value');
      if (xml[i] === '<') fail('< in an attribute value');
      if (xml[i] === '&') value += reference();
      else value += xml[i++];
    }
    i++;
    return value;
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') fail('expected <');
    i++;
    const tag = name();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = i;
      space();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return { name: tag, attributes, children: [] };
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected space before an attribute');
      const attribute = name();
      if (attribute in attributes) fail(`attribute ${attribute} twice`);
      space();
      if (xml[i] !== '=') fail('expected =');
      i++;
      space();
      attributes[attribute] = attributeValue();
    }
    const children: (XmlElement | string)[] = [];
    let text = '';
    for (;;) {
      if (i >= xml.length) fail(`unclosed <${tag}>`);
      if (xml.startsWith('</', i)) {
        i += 2;
        if (name() !== tag) fail(`mismatched end tag for <${tag}>`);
        space();
        if (xml[i] !== '>') fail('expected >');
        i++;
        if (text) children.push(text);
        return { name: tag, attributes, children };
      }
      if (xml[i] === '<') {
        if (text) children.push(text);
        text = '';
        children.push(element());
      } else if (xml[i] === '&') {
        text += reference();
      } else {
        if (xml.startsWith(']]>', i)) fail(']]> in text');
        text += xml[i++];
      }
    }
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated declaration');
    if (!/^<\?xml version="1\.0"( encoding="[A-Za-z0-9._-]+")?\?>$/.test(xml.slice(0, end + 2)))
      fail('malformed declaration');
    i = end + 2;
  }
  space();
  const root = element();
  space();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

/** The text of an element's direct text children. */
export const textOf = (e: XmlElement) => e.children.filter((c) => typeof c === 'string').join('');

/** Direct children of an element by name. */
export const childrenNamed = (e: XmlElement, name: string) =>
  e.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
