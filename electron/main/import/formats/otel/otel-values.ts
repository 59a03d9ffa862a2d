import { ImportError } from '../../import-error';
import { type AttrValue, type Attributes, isRecord, type SpanKindName, type StatusCode } from './otel-span';

/**
 * Decoders for the scalar encodings OpenTelemetry dumps use. Each takes the file path and a location string
 * so a bad value becomes an ImportError that names the file and the place.
 */

export interface At {
  path: string;
  /** JSON path or "line N, $.…" */
  loc: string;
}

export const child = (at: At, key: string | number): At => ({
  path: at.path,
  loc: typeof key === 'number' ? `${at.loc}[${key}]` : /^[A-Za-z_$][\w$]*$/.test(key) ? `${at.loc}.${key}` : `${at.loc}[${JSON.stringify(key)}]`,
});

export const fail = (at: At, problem: string): ImportError => new ImportError(at.path, problem, at.loc);

const HEX = /^(0x)?([0-9a-fA-F]+)$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Which id encodings a file used; OTLP/JSON mandates hex, generic proto3-JSON emitters write base64. */
export interface IdStats {
  base64: number;
}

/**
 * Trace and span ids as lowercase hex. OTLP/JSON says case-insensitive hex (not base64, unlike proto3-JSON);
 * the console exporter prefixes "0x". A string that is not hex but decodes from base64 to exactly the id's
 * byte length (16 for traces, 8 for spans) comes from a generic proto3-JSON emitter and is converted. The
 * lengths never collide: a 16-byte id is 32 hex or 24 base64 characters, an 8-byte id 16 or 12.
 */
export function readId(v: unknown, bytes: 8 | 16, at: At, stats?: IdStats): string {
  if (v === undefined || v === null || v === '') return '';
  if (typeof v !== 'string') throw fail(at, `must be a hex id string, got ${typeof v}`);
  const hex = HEX.exec(v);
  if (hex && hex[2]!.length <= bytes * 2) return hex[2]!.toLowerCase().padStart(hex[1] ? bytes * 2 : hex[2]!.length, '0');
  if (BASE64.test(v)) {
    const buf = Buffer.from(v, 'base64');
    if (buf.length === bytes) {
      if (stats) stats.base64++;
      return buf.toString('hex');
    }
  }
  throw fail(at, `${JSON.stringify(v.slice(0, 48))} is not ${bytes === 8 ? 'an' : 'a'} ${bytes}-byte id in hex (or base64)`);
}

/** A 64-bit unsigned integer written as a decimal string (OTLP/JSON) or a number (accepted too). */
export function readUint64(v: unknown, at: At, what: string): bigint | null {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') {
    if (!/^\d{1,20}$/.test(v)) throw fail(at, `${what} must be a decimal integer string, got ${JSON.stringify(v.slice(0, 40))}`);
    return BigInt(v);
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0) throw fail(at, `${what} must be a non-negative integer, got ${v}`);
    return BigInt(Math.round(v));
  }
  throw fail(at, `${what} must be a decimal string or a number, got ${Array.isArray(v) ? 'array' : typeof v}`);
}

/** Decimal seconds (or µs, ms) as epoch nanoseconds, keeping sub-millisecond digits exactly. */
export function scaledToNs(v: unknown, unitNs: bigint, at: At, what: string): bigint {
  if (typeof v === 'string' && /^\d+$/.test(v)) return BigInt(v) * unitNs;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return BigInt(Math.round(v)) * unitNs;
  throw fail(at, `${what} must be a non-negative integer, got ${JSON.stringify(v)?.slice(0, 40) ?? typeof v}`);
}

const ISO = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:?\d\d)?$/;

/** ISO-8601 with up to nanosecond digits (the Python SDK writes microseconds) as epoch nanoseconds. */
export function isoToNs(v: unknown, at: At, what: string): bigint {
  const m = typeof v === 'string' ? ISO.exec(v.trim()) : null;
  const wholeMs = m ? Date.parse(`${m[1]}${m[3] ?? 'Z'}`) : NaN;
  if (!m || Number.isNaN(wholeMs)) throw fail(at, `${what} must be an ISO-8601 time, got ${JSON.stringify(v)?.slice(0, 40) ?? typeof v}`);
  return BigInt(wholeMs) * 1_000_000n + BigInt((m[2] ?? '').padEnd(9, '0'));
}

const KINDS: readonly (SpanKindName | null)[] = [null, 'internal', 'server', 'client', 'producer', 'consumer'];

/** Span kind as the OTLP integer, the proto enum name ("SPAN_KIND_SERVER") or the Python name ("SpanKind.SERVER"). */
export function readKind(v: unknown, at: At): SpanKindName | null {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < KINDS.length) return KINDS[v]!;
  if (typeof v === 'string') {
    const name = v.replace(/^SpanKind\./, '').replace(/^SPAN_KIND_/, '').toLowerCase();
    if (name === 'unspecified') return null;
    const found = KINDS.find((k) => k === name);
    if (found) return found;
  }
  throw fail(at, `unknown span kind ${JSON.stringify(v)}`);
}

/** Status code as 0/1/2, "STATUS_CODE_ERROR", "ERROR" or "StatusCode.ERROR". */
export function readStatusCode(v: unknown, at: At): StatusCode {
  if (v === undefined || v === null) return 'unset';
  if (v === 0 || v === 1 || v === 2) return (['unset', 'ok', 'error'] as const)[v];
  if (typeof v === 'string') {
    const name = v.replace(/^StatusCode\./, '').replace(/^STATUS_CODE_/, '').toLowerCase();
    if (name === 'unset' || name === 'ok' || name === 'error') return name;
  }
  throw fail(at, `unknown status code ${JSON.stringify(v)}`);
}

/** 64-bit ints as numbers when exact, else the decimal string, so attributes survive JSON storage. */
function int64Value(v: unknown, at: At): AttrValue {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d{1,20}$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  throw fail(at, `intValue must be a decimal integer string, got ${JSON.stringify(v)?.slice(0, 40)}`);
}

/** An OTLP AnyValue; nesting deeper than `maxDepth` is refused so a crafted kvlist cannot blow the stack. */
export function readAnyValue(v: unknown, at: At, maxDepth: number, depth = 0): AttrValue {
  if (depth > maxDepth) throw fail(at, `attribute value nested deeper than ${maxDepth} levels`);
  if (v === undefined || v === null) return null;
  if (!isRecord(v)) throw fail(at, 'AnyValue must be an object like {"stringValue": …}');
  if ('stringValue' in v) {
    if (typeof v.stringValue !== 'string') throw fail(child(at, 'stringValue'), 'must be a string');
    return v.stringValue;
  }
  if ('boolValue' in v) {
    if (typeof v.boolValue !== 'boolean') throw fail(child(at, 'boolValue'), 'must be true or false');
    return v.boolValue;
  }
  if ('intValue' in v) return int64Value(v.intValue, child(at, 'intValue'));
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    // proto3-JSON writes non-finite doubles as strings.
    if (typeof d === 'number') return d;
    if (d === 'NaN' || d === 'Infinity' || d === '-Infinity') return d;
    if (typeof d === 'string' && d.trim() !== '' && Number.isFinite(Number(d))) return Number(d);
    throw fail(child(at, 'doubleValue'), 'must be a number');
  }
  if ('bytesValue' in v) {
    if (typeof v.bytesValue !== 'string') throw fail(child(at, 'bytesValue'), 'must be a base64 string');
    return v.bytesValue;
  }
  if ('arrayValue' in v) {
    const values = isRecord(v.arrayValue) ? (v.arrayValue.values ?? []) : undefined;
    if (!Array.isArray(values)) throw fail(child(at, 'arrayValue'), 'must be {"values": [AnyValue…]}');
    const a = child(child(at, 'arrayValue'), 'values');
    return values.map((item, i) => readAnyValue(item, child(a, i), maxDepth, depth + 1));
  }
  if ('kvlistValue' in v) {
    const values = isRecord(v.kvlistValue) ? (v.kvlistValue.values ?? []) : undefined;
    if (!Array.isArray(values)) throw fail(child(at, 'kvlistValue'), 'must be {"values": [KeyValue…]}');
    return readKeyValues(values, child(child(at, 'kvlistValue'), 'values'), maxDepth, depth + 1);
  }
  // An empty AnyValue is legal (unset oneof); unknown fields must be ignored.
  return null;
}

/** An OTLP KeyValue list as a plain object; a repeated key keeps its last value. */
export function readKeyValues(list: unknown, at: At, maxDepth: number, depth = 0): Attributes {
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) throw fail(at, 'attributes must be an array of {"key", "value"}');
  const out: Attributes = {};
  list.forEach((kv, i) => {
    const a = child(at, i);
    if (!isRecord(kv) || typeof kv.key !== 'string') throw fail(a, 'attribute must be {"key": string, "value": AnyValue}');
    out[kv.key] = readAnyValue(kv.value, child(a, 'value'), maxDepth, depth);
  });
  return out;
}

/** Plain-JSON attributes (console exporter, Jaeger values) with the same depth guard, iteratively bounded. */
export function readPlainValue(v: unknown, at: At, maxDepth: number, depth = 0): AttrValue {
  if (depth > maxDepth) throw fail(at, `attribute value nested deeper than ${maxDepth} levels`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (Array.isArray(v)) return v.map((item, i) => readPlainValue(item, child(at, i), maxDepth, depth + 1));
  if (isRecord(v)) {
    const out: Attributes = {};
    for (const [k, item] of Object.entries(v)) out[k] = readPlainValue(item, child(at, k), maxDepth, depth + 1);
    return out;
  }
  throw fail(at, `unsupported attribute value of type ${typeof v}`);
}

export function readPlainAttributes(v: unknown, at: At, maxDepth: number): Attributes {
  if (v === undefined || v === null) return {};
  if (!isRecord(v)) throw fail(at, 'attributes must be an object');
  const out: Attributes = {};
  for (const [k, item] of Object.entries(v)) out[k] = readPlainValue(item, child(at, k), maxDepth, 1);
  return out;
}
