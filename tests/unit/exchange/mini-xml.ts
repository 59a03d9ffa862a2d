/**
 * A strict little XML reader for tests: elements, attributes, text, comments, the XML declaration and
 * the five predefined entities plus numeric references. Throws on anything malformed (unclosed or
 * mismatched tags, duplicate attributes, stray '<' or '&'), so a test that parses a file also checks
 * that it is well-formed.
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string, at: number): string {
  return s.replace(/&([^;]*);|&/g, (m, name: string | undefined) => {
    if (name === undefined) throw new Error(`bare & near offset ${at}`);
    if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined) throw new Error(`unknown entity &${name}; near offset ${at}`);
    return v;
  });
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const skipMisc = (): void => {
    for (;;) {
      while (i < xml.length && /\s/.test(xml[i]!)) i++;
      if (xml.startsWith('<?', i)) i = xml.indexOf('?>', i) + 2;
      else if (xml.startsWith('<!--', i)) i = xml.indexOf('-->', i) + 3;
      else return;
    }
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') throw new Error(`expected < at ${i}`);
    const m = /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(i));
    if (!m) throw new Error(`bad tag at ${i}`);
    i += m[0].length;
    const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' };
    for (;;) {
      while (/\s/.test(xml[i]!)) i++;
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      const a = /^([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/.exec(xml.slice(i));
      if (!a) throw new Error(`bad attribute at ${i} in <${el.name}>`);
      if (a[1]! in el.attrs) throw new Error(`duplicate attribute ${a[1]} in <${el.name}>`);
      el.attrs[a[1]!] = decode(a[2]!, i);
      i += a[0].length;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) throw new Error(`<${el.name}> is never closed`);
      el.text += decode(xml.slice(i, lt), i);
      i = lt;
      if (xml.startsWith('<!--', i)) {
        i = xml.indexOf('-->', i) + 3;
      } else if (xml.startsWith('</', i)) {
        const c = /^<\/([A-Za-z_][\w.:-]*)\s*>/.exec(xml.slice(i));
        if (!c || c[1] !== el.name) throw new Error(`</${c?.[1]}> closes <${el.name}> at ${i}`);
        i += c[0].length;
        return el;
      } else el.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i < xml.length) throw new Error(`content after the root element at ${i}`);
  return root;
}

export const childrenNamed = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
