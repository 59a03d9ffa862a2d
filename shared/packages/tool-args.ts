/**
 * Comparing a tool call's arguments with the expected ones. Expected arguments are a subset: every key
 * listed must be there with an equal value, extra keys are fine (as in Pipecat's `args` check). A number
 * and the same number written as a string are equal ("4472918" vs 4472918): formats disagree on which
 * one they emit, and the account is the same.
 */

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Some traces keep arguments as the JSON text the LLM produced; compare the parsed object then. */
export function parsedArguments(args: unknown): unknown {
  if (typeof args !== 'string') return args;
  const t = args.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return args;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return args;
  }
}

const short = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/** Null when `actual` contains `expected`; else where and how they differ. */
export function argumentMismatch(expected: unknown, actual: unknown, path = ''): string | null {
  const at = path || 'arguments';
  if (isObject(expected)) {
    if (!isObject(actual)) return `${at}: expected an object, got ${short(actual)}`;
    for (const [k, v] of Object.entries(expected)) {
      const sub = path ? `${path}.${k}` : k;
      if (!(k in actual)) return `${sub}: missing`;
      const m = argumentMismatch(v, actual[k], sub);
      if (m) return m;
    }
    return null;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${at}: expected a list, got ${short(actual)}`;
    if (actual.length !== expected.length) return `${at}: expected ${expected.length} items, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const m = argumentMismatch(expected[i], actual[i], `${at}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected === actual) return null;
  const scalar = (v: unknown): boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  if (scalar(expected) && scalar(actual) && String(expected) === String(actual)) return null;
  return `${at}: expected ${short(expected)}, got ${short(actual)}`;
}

/** `name(key=value, …)` for people, values shortened. */
export function describeCall(name: string, args: unknown): string {
  const a = parsedArguments(args);
  if (!isObject(a)) return `${name}(${a === undefined || a === null ? '' : short(a)})`;
  return `${name}(${Object.entries(a).map(([k, v]) => `${k}=${short(v)}`).join(', ')})`;
}
