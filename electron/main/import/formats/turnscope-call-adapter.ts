import type { TraceAdapter } from './trace-adapter';
import { looksLikeTurnscopeCall, readTurnscopeCallV1, TURNSCOPE_CALL_V1 } from './turnscope-call-v1';

/** Turnscope's own call format: certain when the file carries the format marker. */
export const turnscopeCallAdapter: TraceAdapter = {
  id: TURNSCOPE_CALL_V1,
  label: 'Turnscope call format v1',
  detect(file) {
    if (!/^\s*\{/.test(file.bytes.subarray(0, 64).toString('latin1'))) return 0;
    if (!file.bytes.includes('"turnscope.call"')) return 0;
    try {
      return looksLikeTurnscopeCall(file.json()) ? 1 : 0;
    } catch {
      // Claims the marker but is not JSON: it is ours, let read() report the syntax error with its place.
      return 0.9;
    }
  },
  read(files) {
    const calls = [];
    const failed = [];
    for (const f of files) {
      try {
        calls.push({ call: readTurnscopeCallV1(f.path, f.json()), sourcePaths: [f.path] });
      } catch (err) {
        failed.push({ path: f.path, error: err instanceof Error ? err.message : String(err) });
      }
    }
    return { calls, failed };
  },
};
