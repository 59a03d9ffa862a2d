/**
 * A minimal YAML reader for the block subset the scenario emitter writes: mappings, sequences (also of
 * mappings, "- key: value"), double-quoted strings with JSON escapes, plain numbers, booleans, null,
 * [] and {}, and # comment lines. Anything outside that subset throws, so the round trip also checks
 * the emitter stays inside it.
 */
type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

interface Line {
  indent: number;
  text: string;
  no: number;
}

function scalar(s: string, no: number): Value {
  const t = s.trim();
  if (t.startsWith('"')) {
    if (!t.endsWith('"') || t.length < 2) throw new Error(`line ${no}: unterminated string`);
    return JSON.parse(t) as string;
  }
  if (t === '[]') return [];
  if (t === '{}') return {};
  if (t === 'null') return null;
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t)) return Number(t);
  throw new Error(`line ${no}: unquoted scalar "${t}" is outside the subset`);
}

function key(s: string, no: number): string {
  const t = s.trim();
  if (t.startsWith('"')) return JSON.parse(t) as string;
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(t)) throw new Error(`line ${no}: bad key "${t}"`);
  return t;
}

/** Splits "key: value" at the colon after the key (a quoted key may hold colons). */
function splitKey(text: string, no: number): [string, string] {
  let end = 0;
  if (text.startsWith('"')) {
    end = 1;
    while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
    end++;
  } else end = text.indexOf(':');
  if (end < 0 || text[end] !== ':') throw new Error(`line ${no}: expected "key: value"`);
  return [text.slice(0, end), text.slice(end + 1)];
}

export function parseYaml(src: string): Value {
  const lines: Line[] = src.split('\n').map((raw, k) => ({ indent: raw.length - raw.trimStart().length, text: raw.trim(), no: k + 1 }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
  let pos = 0;
  const block = (indent: number): Value => {
    const first = lines[pos]!;
    if (first.text.startsWith('- ') || first.text === '-') {
      const out: Value[] = [];
      while (pos < lines.length && lines[pos]!.indent === indent && lines[pos]!.text.startsWith('-')) {
        const l = lines[pos]!;
        const rest = l.text.slice(2);
        if (/^("[^"]*"|[A-Za-z_][\w-]*):( |$)/.test(rest) || rest.startsWith('- ')) {
          // "- key: value" / "- - x": a mapping or sequence whose first line shares the dash line.
          lines[pos] = { indent: indent + 2, text: rest, no: l.no };
          out.push(block(indent + 2));
        } else {
          pos++;
          out.push(scalar(rest, l.no));
        }
      }
      return out;
    }
    const obj: { [k: string]: Value } = {};
    while (pos < lines.length && lines[pos]!.indent === indent) {
      const l = lines[pos]!;
      const [k, v] = splitKey(l.text, l.no);
      pos++;
      if (v.trim() === '') {
        const next = lines[pos];
        if (!next || next.indent <= indent) throw new Error(`line ${l.no}: "${k}:" has no value`);
        obj[key(k, l.no)] = block(next.indent);
      } else obj[key(k, l.no)] = scalar(v, l.no);
    }
    if (pos < lines.length && lines[pos]!.indent > indent) throw new Error(`line ${lines[pos]!.no}: unexpected indentation`);
    return obj;
  };
  const v = block(lines[0]?.indent ?? 0);
  if (pos < lines.length) throw new Error(`line ${lines[pos]!.no}: unexpected content`);
  return v;
}
