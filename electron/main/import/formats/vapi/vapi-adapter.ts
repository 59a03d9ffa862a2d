import type { NormalizedCall } from '../../../../../shared/model/normalized';
import { tryJson } from '../livekit-report/common-json';
import { readPerFile } from '../livekit-report/common-turns';
import type { TraceAdapter } from '../trace-adapter';
import { readVapiCall, VAPI_CALL, vapiScore } from './vapi-call';

/** A webhook and a fetched call object of the same call: keep the one with more conversation and timing. */
const completeness = (c: NormalizedCall): number =>
  c.turns.length * 4 + (c.turns.some((t) => t.timings.endToEndMs !== null) ? 2 : 0) + (c.recordingRef ? 1 : 0);

/** Vapi call objects and end-of-call-report webhook bodies. */
export const vapiAdapter: TraceAdapter = {
  id: VAPI_CALL,
  label: 'Vapi call object / end-of-call-report',
  detect(file) {
    const b = file.bytes;
    const report = b.includes('"end-of-call-report"');
    if (!report && !b.includes('"secondsFromStart"') && !b.includes('"assistantId"') && !b.includes('"orgId"')) return 0;
    const json = tryJson(file);
    // Unparseable but unmistakably Vapi: claim it so read() reports the syntax error and its place.
    if (json === undefined) return report || (b.includes('"secondsFromStart"') && b.includes('"assistantId"')) ? 0.5 : 0;
    return vapiScore(json);
  },
  read(files) {
    return readPerFile(files, (f) => readVapiCall(f.path, f.json()), completeness);
  },
};
