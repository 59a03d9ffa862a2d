import { describe, expect, it } from 'vitest';
import { ImportError } from '../../../../electron/main/import/import-error';
import {
  isoToNs,
  readAnyValue,
  readId,
  readKeyValues,
  readKind,
  readStatusCode,
  readUint64,
} from '../../../../electron/main/import/formats/otel/otel-values';

const at = { path: 'spans.json', loc: '$.x' };

describe('OTLP scalar encodings', () => {
  it('reads hex ids case-insensitively, strips the console exporter 0x, converts base64 ids and keeps empty ones', () => {
    expect(readId('4BF92F3577B34DA6A3CE929D0E0E4736', 16, at)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(readId('0x00f067aa0ba902b7', 8, at)).toBe('00f067aa0ba902b7');
    const stats = { base64: 0 };
    expect(readId(Buffer.from('4bf92f3577b34da6a3ce929d0e0e4736', 'hex').toString('base64'), 16, at, stats)).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(readId(Buffer.from('00f067aa0ba902b7', 'hex').toString('base64'), 8, at, stats)).toBe('00f067aa0ba902b7');
    expect(stats.base64).toBe(2);
    expect(readId('', 16, at)).toBe('');
    expect(readId(undefined, 8, at)).toBe('');
  });

  it('refuses an id that is neither hex nor base64 of the right length, naming file and place', () => {
    expect(() => readId('not-an-id!', 8, at)).toThrow(ImportError);
    expect(() => readId('not-an-id!', 8, at)).toThrow(/spans\.json: at \$\.x: .*8-byte id/);
    expect(() => readId(42, 8, at)).toThrow(/hex id string/);
  });

  it('keeps nanosecond precision for 64-bit times written as strings, and accepts numbers', () => {
    expect(readUint64('1755795200123456789', at, 't')).toBe(1755795200123456789n);
    expect(readUint64(1755795200000000000, at, 't')).toBe(1755795200000000000n);
    expect(readUint64(undefined, at, 't')).toBeNull();
    expect(() => readUint64('12:30', at, 't')).toThrow(/decimal integer string/);
    expect(() => readUint64({}, at, 't')).toThrow(/decimal string or a number/);
  });

  it('parses the Python SDK ISO times with microseconds exactly', () => {
    expect(isoToNs('2025-08-21T16:53:20.050123Z', at, 't')).toBe(1755795200050123000n);
    expect(isoToNs('2025-08-21T16:53:20Z', at, 't')).toBe(1755795200000000000n);
    expect(isoToNs('2025-08-21T18:53:20.5+02:00', at, 't')).toBe(1755795200500000000n);
    expect(() => isoToNs('yesterday', at, 'start_time')).toThrow(/start_time must be an ISO-8601 time/);
  });

  it('accepts span kind and status as integers, proto names and Python names', () => {
    expect(readKind(2, at)).toBe('server');
    expect(readKind('SPAN_KIND_CLIENT', at)).toBe('client');
    expect(readKind('SpanKind.INTERNAL', at)).toBe('internal');
    expect(readKind(0, at)).toBeNull();
    expect(() => readKind(9, at)).toThrow(/unknown span kind/);
    expect(readStatusCode(2, at)).toBe('error');
    expect(readStatusCode('STATUS_CODE_OK', at)).toBe('ok');
    expect(readStatusCode('UNSET', at)).toBe('unset');
    expect(readStatusCode(undefined, at)).toBe('unset');
  });

  it('decodes every AnyValue kind; 64-bit ints beyond 2^53 stay decimal strings', () => {
    const attrs = readKeyValues([
      { key: 's', value: { stringValue: 'hi' } },
      { key: 'b', value: { boolValue: false } },
      { key: 'i', value: { intValue: '812' } },
      { key: 'big', value: { intValue: '9223372036854775807' } },
      { key: 'd', value: { doubleValue: 0.412 } },
      { key: 'nan', value: { doubleValue: 'NaN' } },
      { key: 'bytes', value: { bytesValue: 'AQID' } },
      { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 2 }] } } },
      { key: 'kv', value: { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 1.5 } }] } } },
      { key: 'empty', value: {} },
    ], at, 64);
    expect(attrs).toEqual({ s: 'hi', b: false, i: 812, big: '9223372036854775807', d: 0.412, nan: 'NaN', bytes: 'AQID', arr: ['a', 2], kv: { x: 1.5 }, empty: null });
  });

  it('refuses wrong AnyValue types with the JSON path of the value', () => {
    expect(() => readKeyValues([{ key: 'n', value: { intValue: 'twelve' } }], { path: 'f.json', loc: '$.attributes' }, 64))
      .toThrow('f.json: at $.attributes[0].value.intValue: intValue must be a decimal integer string, got "twelve"');
    expect(() => readKeyValues({ key: 'n' }, at, 64)).toThrow(/attributes must be an array/);
    expect(() => readAnyValue('plain', at, 64)).toThrow(/AnyValue must be an object/);
  });

  it('stops at the depth limit instead of recursing without bound through nested kvlists', () => {
    let v: unknown = { stringValue: 'bottom' };
    for (let i = 0; i < 10_000; i++) v = { kvlistValue: { values: [{ key: 'k', value: v }] } };
    expect(() => readAnyValue(v, at, 64)).toThrow(/nested deeper than 64 levels/);
  });
});
