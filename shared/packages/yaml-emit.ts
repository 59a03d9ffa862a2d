/**
 * A small YAML emitter for JSON-shaped values (block style), enough for Pipecat scenario files. Strings
 * are always written double-quoted with JSON escapes (a subset of YAML's double-quoted escapes), so no
 * value is ever read back as another type ("no", "2.10", "#123") or loses a leading space; keys are
 * plain only when they are simple identifiers.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue | undefined };

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = /^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

const key = (k: string): string => (PLAIN_KEY.test(k) && !RESERVED.test(k) ? k : JSON.stringify(k));

function scalar(v: string | number | boolean | null): string {
  if (v === null) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`YAML: non-finite number ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  // U+2028/2029 are line breaks to YAML; JSON.stringify leaves them raw.
  return JSON.stringify(v).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const isEmptyCollection = (v: YamlValue): boolean =>
  (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => x === undefined));

function block(v: YamlValue, indent: number): string[] {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    return v.flatMap((item) => {
      if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) {
        const inner = block(item, indent + 2);
        // The first line of a nested block goes on the dash line: "- key: value".
        return [`${pad}- ${inner[0]!.trimStart()}`, ...inner.slice(1)];
      }
      return [`${pad}- ${inline(item)}`];
    });
  }
  if (v !== null && typeof v === 'object') {
    return Object.entries(v).flatMap(([k, item]) => {
      if (item === undefined) return [];
      if (item !== null && typeof item === 'object' && !isEmptyCollection(item)) return [`${pad}${key(k)}:`, ...block(item, indent + 2)];
      return [`${pad}${key(k)}: ${inline(item)}`];
    });
  }
  return [`${pad}${scalar(v)}`];
}

function inline(v: YamlValue): string {
  if (Array.isArray(v)) return '[]';
  if (v !== null && typeof v === 'object') return '{}';
  return scalar(v);
}

/** The document: optional `#` comment lines, then the value in block style, ending with a newline. */
export function toYaml(value: YamlValue, comments: readonly string[] = []): string {
  const head = comments.flatMap((c) => c.split('\n')).map((c) => (c ? `# ${c}` : '#'));
  return [...head, ...block(value, 0)].join('\n') + '\n';
}
