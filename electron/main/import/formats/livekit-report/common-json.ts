import { ImportError } from '../../import-error';

/*
 * Shared by the LiveKit report, Vapi and Retell adapters (kept here because each adapter owns only its own
 * folder; it belongs in a formats/common/ folder once there is one).
 */

/**
 * A value inside a parsed JSON file together with the JSONPath that reached it, so every type error names
 * the file and the exact place ("$.message.artifact.messages[3].time") instead of a bare "expected number".
 * Optional readers treat `undefined` and `null` alike: providers emit both for "not set".
 */
export class JsonAt {
  constructor(
    readonly file: string,
    readonly value: unknown,
    readonly path = '$',
  ) {}

  get present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  get isObject(): boolean {
    return typeof this.value === 'object' && this.value !== null && !Array.isArray(this.value);
  }

  get isArray(): boolean {
    return Array.isArray(this.value);
  }

  /** The member `key`; a missing member (or a parent that is not an object) reads as absent. */
  get(key: string): JsonAt {
    const v = this.isObject ? (this.value as Record<string, unknown>)[key] : undefined;
    return new JsonAt(this.file, v, this.path + (/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`));
  }

  /** The first of several member names that is present: providers renamed fields across versions. */
  first(...keys: string[]): JsonAt {
    for (const k of keys) {
      const v = this.get(k);
      if (v.present) return v;
    }
    return this.get(keys[0] ?? '');
  }

  keys(): string[] {
    return this.isObject ? Object.keys(this.value as object) : [];
  }

  fail(problem: string): never {
    throw new ImportError(this.file, problem, this.path);
  }

  object(): JsonAt {
    if (!this.present) this.fail('missing required object');
    if (!this.isObject) this.fail(`must be an object, found ${kindOf(this.value)}`);
    return this;
  }

  optObject(): JsonAt | null {
    return this.present ? this.object() : null;
  }

  items(): JsonAt[] {
    if (!this.present) this.fail('missing required array');
    if (!Array.isArray(this.value)) this.fail(`must be an array, found ${kindOf(this.value)}`);
    return this.value.map((v, i) => new JsonAt(this.file, v, `${this.path}[${i}]`));
  }

  optItems(): JsonAt[] | null {
    return this.present ? this.items() : null;
  }

  string(): string {
    if (!this.present) this.fail('missing required string');
    if (typeof this.value !== 'string') this.fail(`must be a string, found ${kindOf(this.value)}`);
    return this.value;
  }

  optString(): string | null {
    return this.present ? this.string() : null;
  }

  number(): number {
    if (!this.present) this.fail('missing required number');
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.fail(`must be a number, found ${kindOf(this.value)}`);
    return this.value;
  }

  optNumber(): number | null {
    return this.present ? this.number() : null;
  }

  optBoolean(): boolean | null {
    if (!this.present) return null;
    if (typeof this.value !== 'boolean') this.fail(`must be true or false, found ${kindOf(this.value)}`);
    return this.value;
  }

  /** Ids arrive as strings or, from some exports, as numbers; both name the same thing. */
  optId(): string | null {
    if (!this.present) return null;
    if (typeof this.value === 'number' && Number.isFinite(this.value)) return String(this.value);
    return this.string();
  }
}

export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * Tool arguments and results travel as JSON text. Structured text is parsed so the call view can show it as
 * data; anything else (plain prose like "Transfer initiated") stays the string it was.
 */
export function parseJsonText(text: string): unknown {
  const t = text.trim();
  if (!/^[[{]/.test(t)) return text;
  try {
    return JSON.parse(t) as unknown;
  } catch {
    return text;
  }
}

/** Parsed JSON of a file, or undefined when it is not JSON (detection must never throw). */
export function tryJson(file: { json(): unknown }): unknown {
  try {
    return file.json();
  } catch {
    return undefined;
  }
}
