import { existsSync } from 'node:fs';
import type { TraceAdapter } from '../trace-adapter';
import { tryJson } from './common-json';
import { readPerFile } from './common-turns';
import { LIVEKIT_REPORT, livekitReportScore, readLivekitReport } from './livekit-report';

/** LiveKit Agents `session_report.json`, recognized by its chat history plus session options or events. */
export const livekitReportAdapter: TraceAdapter = {
  id: LIVEKIT_REPORT,
  label: 'LiveKit Agents session report',
  detect(file) {
    if (!file.bytes.includes('"chat_history"')) return 0;
    const json = tryJson(file);
    // Unparseable but carrying the report's keys: claim it so read() reports the syntax error and its place.
    if (json === undefined) return file.bytes.includes('"job_id"') || file.bytes.includes('"options"') ? 0.5 : 0;
    return livekitReportScore(json);
  },
  read(files) {
    return readPerFile(files, (f) => readLivekitReport(f.path, f.json(), existsSync), (c) => c.turns.length);
  },
};
