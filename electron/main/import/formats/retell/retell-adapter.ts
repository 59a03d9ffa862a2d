import type { NormalizedCall } from '../../../../../shared/model/normalized';
import { tryJson } from '../livekit-report/common-json';
import { readPerFile } from '../livekit-report/common-turns';
import type { TraceAdapter } from '../trace-adapter';
import { readRetellCall, RETELL_CALL, retellScore } from './retell-call';

/**
 * Several webhook events of one call (call_started, call_ended, call_analyzed) or the fetched call object:
 * keep the one with the most conversation, then the one with the analysis.
 */
const completeness = (c: NormalizedCall): number =>
  c.turns.length * 4 + (c.metadata.callSuccessful !== null || c.metadata.summary !== null ? 2 : 0) + (c.recordingRef ? 1 : 0);

/** Retell call objects and call_* webhook bodies. */
export const retellAdapter: TraceAdapter = {
  id: RETELL_CALL,
  label: 'Retell call object / webhook',
  detect(file) {
    const b = file.bytes;
    if (!b.includes('"call_id"')) return 0;
    const json = tryJson(file);
    // Unparseable but unmistakably Retell: claim it so read() reports the syntax error and its place.
    if (json === undefined) return b.includes('"transcript_object"') || b.includes('"agent_id"') ? 0.5 : 0;
    return retellScore(json);
  },
  read(files) {
    return readPerFile(files, (f) => readRetellCall(f.path, f.json()), completeness);
  },
};
