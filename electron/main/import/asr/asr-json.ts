import type { Word } from '../../../../shared/model/call';
import type { SourceFile } from '../formats/trace-adapter';
import { ImportError } from '../import-error';

/**
 * A value inside a parsed ASR file together with its JSONPath, so every type check can name the file and
 * the exact place ("$.results.channels[0].alternatives[0].words[3].start") when it fails.
 */
export class JsonAt {
  constructor(
    readonly file: string,
    readonly value: unknown,
    readonly path = '$',
  ) {}

  /** A property of this object (fails when this is not an object). Missing properties come back `missing`. */
  key(name: string): JsonAt {
    const obj = this.object();
    const seg = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
    return new JsonAt(this.file, obj[name], this.path + seg);
  }

  /** Absent or JSON null: engines write both for "not computed". */
  get missing(): boolean {
    return this.value === undefined || this.value === null;
  }

  fail(problem: string): never {
    throw new ImportError(this.file, problem, this.path);
  }

  object(): Record<string, unknown> {
    const v = this.value;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) this.expected('an object');
    return v as Record<string, unknown>;
  }

  items(): JsonAt[] {
    if (!Array.isArray(this.value)) this.expected('an array');
    return this.value.map((v, i) => new JsonAt(this.file, v, `${this.path}[${i}]`));
  }

  optItems(): JsonAt[] | null {
    return this.missing ? null : this.items();
  }

  string(): string {
    if (typeof this.value !== 'string') this.expected('a string');
    return this.value;
  }

  optString(): string | null {
    return this.missing ? null : this.string();
  }

  number(): number {
    if (typeof this.value !== 'number' || !Number.isFinite(this.value)) this.expected('a number');
    return this.value;
  }

  optNumber(): number | null {
    return this.missing ? null : this.number();
  }

  /** A number, or a decimal string as AWS Transcribe (and old Whisper typings) write them: "4.87". */
  decimal(): number {
    if (typeof this.value === 'string') {
      const t = this.value.trim();
      if (/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
      this.fail(`must be a number or a decimal string, found ${describeValue(this.value)}`);
    }
    return this.number();
  }

  optDecimal(): number | null {
    return this.missing ? null : this.decimal();
  }

  private expected(what: string): never {
    this.fail(this.value === undefined ? `missing (expected ${what})` : `must be ${what}, found ${describeValue(this.value)}`);
  }
}

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v)})`;
  if (typeof v === 'number') return `a number (${v})`;
  if (typeof v === 'boolean') return `a boolean (${v})`;
  return 'an object';
}

/** Whether a number may arrive as a decimal string ("4.87"): AWS Transcribe's way, and old Whisper `duration`. */
export type NumberForm = 'number' | 'number-or-string';

const read = (at: JsonAt, form: NumberForm): number => (form === 'number' ? at.number() : at.decimal());

/**
 * Seconds (the engine's unit) to whole milliseconds (ours). Rounding absorbs float noise such as Whisper's
 * float32 times (3.799999952316284 s → 3800 ms); no engine reports finer than a millisecond.
 */
export function secondsToMs(at: JsonAt, form: NumberForm = 'number'): number {
  return nonNegative(at, Math.round(read(at, form) * 1000));
}

export function optSecondsToMs(at: JsonAt, form: NumberForm = 'number'): number | null {
  return at.missing ? null : secondsToMs(at, form);
}

/** Milliseconds as the engine wrote them (AssemblyAI, AWS Call Analytics), rounded to whole ms. */
export function millis(at: JsonAt): number {
  return nonNegative(at, Math.round(at.number()));
}

function nonNegative(at: JsonAt, ms: number): number {
  if (ms < 0) at.fail(`time must not be negative, found ${describeValue(at.value)}`);
  return ms;
}

/** A recognizer confidence, 0..1. */
export function confidence(at: JsonAt, form: NumberForm = 'number'): number {
  const c = read(at, form);
  if (c < 0 || c > 1) at.fail(`confidence must be between 0 and 1, found ${describeValue(at.value)}`);
  return c;
}

export function optConfidence(at: JsonAt, form: NumberForm = 'number'): number | null {
  return at.missing ? null : confidence(at, form);
}

/** The transcript of a word list as a reader sees it: words already carry their punctuation. */
export function joinWords(words: readonly Word[]): string {
  return words
    .map((w) => w.text)
    .filter((t) => t.length > 0)
    .join(' ');
}

/** Counts words whose end precedes their start; readers keep them as written and say so. */
export function countBackwards(words: readonly Word[]): number {
  return words.filter((w) => w.startMs !== null && w.endMs !== null && w.endMs < w.startMs).length;
}

/** Score a detector gives a file that carries an engine's marker keys but does not parse: read() then reports where. */
export const UNPARSED_MARKER_SCORE = 0.3;

/**
 * Shared front half of every ASR detector: only JSON objects/arrays are considered; a file that parses is
 * scored by `score`; one that does not parse but contains an engine-specific key gets a low score so the
 * import reports the syntax error against the engine it most likely is, instead of "unknown format".
 */
export function detectJson(file: SourceFile, score: (json: unknown) => number, markers: readonly string[]): number {
  const first = firstSignificantByte(file.bytes);
  if (first !== 0x7b /* { */ && first !== 0x5b /* [ */) return 0;
  let json: unknown;
  try {
    json = file.json();
  } catch {
    return markers.some((m) => file.bytes.includes(m)) ? UNPARSED_MARKER_SCORE : 0;
  }
  try {
    return score(json);
  } catch {
    return 0;
  }
}

function firstSignificantByte(bytes: Buffer): number | null {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length && i < 4096; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return null;
}

/** Narrowing helpers for detectors, which must never throw on odd input. */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isStr = (v: unknown): v is string => typeof v === 'string';
export const isNumOrNumStr = (v: unknown): boolean => isNum(v) || (isStr(v) && /^\s*\d+(\.\d*)?\s*$/.test(v));
