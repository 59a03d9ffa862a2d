import { parseTrn } from '../../../shared/analysis';

/** One reference transcript read from a file, addressed to a turn by index or by time. */
export interface ReferenceEntry {
  callId: string;
  turnIndex: number | null;
  /** For time-addressed references (stm): the segment, in ms on the recording. */
  startMs: number | null;
  endMs: number | null;
  text: string;
  /** Where it came from: "file:line". */
  origin: string;
}

export class ReferenceFileError extends Error {
  override name = 'ReferenceFileError';
}

export type ReferenceFormat = 'trn' | 'stm' | 'csv';

/** Recognizes a reference file from its content (not its name): trn lines end in "(id)", stm lines have times, csv has a header. */
export function detectReferenceFormat(text: string): ReferenceFormat | null {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith(';;'));
  if (lines.length === 0) return null;
  const header = lines[0]!.toLowerCase();
  if (/(^|,)\s*"?call_?id"?\s*(,|$)/.test(header) && /reference|text|transcript/.test(header)) return 'csv';
  if (lines.every((l) => /\(\s*[^()]+\s*\)\s*$/.test(l))) return 'trn';
  if (lines.every((l) => /^\S+\s+\S+\s+\S+\s+\d+(\.\d+)?\s+\d+(\.\d+)?(\s|$)/.test(l))) return 'stm';
  return null;
}

/** Utterance ids name the call and the turn: "callId-3", "callId_3", "callId:3" or "callId_T3". */
function splitUtteranceId(id: string): { callId: string; turnIndex: number } | null {
  const m = /^(.+?)[-_:](?:t|turn)?(\d+)$/i.exec(id.trim());
  return m ? { callId: m[1]!, turnIndex: Number(m[2]) } : null;
}

export function parseReferenceFile(path: string, text: string): ReferenceEntry[] {
  const format = detectReferenceFormat(text);
  if (format === null) throw new ReferenceFileError(`${path}: not a reference file (expected trn, stm or CSV with call_id and reference columns)`);
  if (format === 'trn') return parseTrnReferences(path, text);
  if (format === 'stm') return parseStmReferences(path, text);
  return parseCsvReferences(path, text);
}

function parseTrnReferences(path: string, text: string): ReferenceEntry[] {
  return parseTrn(text, { caseSensitive: true }).map((e) => {
    const id = splitUtteranceId(e.id);
    if (!id) throw new ReferenceFileError(`${path}:${e.line}: utterance id "${e.id}" does not name a call and turn (use callId-turnIndex)`);
    return { ...id, startMs: null, endMs: null, text: e.text.trim(), origin: `${path}:${e.line}` };
  });
}

/** NIST stm: "file channel speaker begin end [<label>] transcript", times in seconds; file is the call id. */
function parseStmReferences(path: string, text: string): ReferenceEntry[] {
  const out: ReferenceEntry[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '' || line.startsWith(';;')) return;
    const m = /^(\S+)\s+(\S+)\s+(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s*(?:<[^>]*>\s*)?(.*)$/.exec(line);
    if (!m) throw new ReferenceFileError(`${path}:${i + 1}: not an stm line`);
    const startMs = Number(m[4]) * 1000;
    const endMs = Number(m[5]) * 1000;
    if (endMs < startMs) throw new ReferenceFileError(`${path}:${i + 1}: segment ends before it starts`);
    const transcript = m[6]!.trim();
    if (transcript === 'ignore_time_segment_in_scoring') return;
    out.push({ callId: m[1]!, turnIndex: null, startMs, endMs, text: transcript, origin: `${path}:${i + 1}` });
  });
  return out;
}

/** A CSV cell splitter that honours quotes and doubled quotes ("" inside a quoted cell). */
function csvRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (cells.push(cur), (cur = ''));
    else cur += c;
  }
  cells.push(cur);
  return cells.map((s) => s.trim());
}

function parseCsvReferences(path: string, text: string): ReferenceEntry[] {
  const lines = text.split(/\r?\n/);
  const header = csvRow(lines[0]!).map((h) => h.toLowerCase().replace(/[\s_]/g, ''));
  const col = (...names: string[]): number => header.findIndex((h) => names.includes(h));
  const callCol = col('callid', 'call');
  const turnCol = col('turnindex', 'turn', 'index');
  const textCol = col('reference', 'referencetext', 'text', 'transcript');
  if (callCol < 0 || turnCol < 0 || textCol < 0) {
    throw new ReferenceFileError(`${path}:1: the header needs call_id, turn_index and reference columns`);
  }
  const out: ReferenceEntry[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trim() === '') continue;
    const cells = csvRow(lines[i]!);
    const turnIndex = Number(cells[turnCol]);
    if (!Number.isInteger(turnIndex) || turnIndex < 0) throw new ReferenceFileError(`${path}:${i + 1}: turn index "${cells[turnCol] ?? ''}" is not a whole number`);
    out.push({ callId: cells[callCol] ?? '', turnIndex, startMs: null, endMs: null, text: cells[textCol] ?? '', origin: `${path}:${i + 1}` });
  }
  return out;
}
