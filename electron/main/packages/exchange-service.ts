/**
 * `turnscope exchange`: a stored call written as ELAN, Praat, Audacity, SRT, WebVTT or CSV. With
 * `redact`, the call is redacted by the compliance engine first (the same redaction as packages), so an
 * annotation file can leave the machine.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, extname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { countLeaks } from '../../../shared/compliance/redaction/verify';
import type { RuleSet } from '../../../shared/compliance/types';
import { exchangeText, type ExchangeFormat } from '../../../shared/exchange';
import type { CallDetail } from '../../../shared/model/dto';
import { getCallWithAnalysis } from '../analysis/call-with-analysis';
import type { Db } from '../db/open';
import { ExportInputError, prepareCall, RedactionFailedError } from './prepare-call';

const MIME: Record<string, string> = { '.wav': 'audio/x-wav', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.opus': 'audio/ogg', '.flac': 'audio/flac' };

/** ELAN's relative media URL: "./x.wav" beside the file, "../x.wav" above it, forward slashes. */
function relativeUrl(fromDir: string, to: string): string {
  const r = relative(fromDir, to).split('\\').join('/');
  return r.startsWith('../') ? r : `./${r}`;
}

export interface ExchangeRequest {
  format: ExchangeFormat;
  out: string;
  /** Redact with these rules first; null/undefined = as stored. */
  redactWith?: RuleSet | null;
  now?: () => Date;
}

export function writeExchange(db: Db, callId: string, r: ExchangeRequest): { path: string; bytes: number } {
  let call: CallDetail | null;
  let secrets: string[] = [];
  if (r.redactWith) {
    const p = prepareCall(db, callId, r.redactWith, true);
    secrets = p.redaction!.secrets;
    call = {
      ...p.detail,
      id: p.working.id,
      turns: p.working.turns.map((t, i) => ({ ...t, measured: p.detail.turns[i]?.measured ?? null })),
      // A flag's detail quotes what was heard; in a redacted export only its kind is kept.
      flags: p.detail.flags.map((f) => ({ ...f, detail: f.kind, evidence: {} })),
    };
  } else call = getCallWithAnalysis(db, callId);
  if (!call) throw new ExportInputError(`no call with id "${callId}" (see turnscope calls)`);
  const path = resolve(r.out);
  const rec = call.recordings[0];
  const media = rec && !r.redactWith
    ? { url: pathToFileURL(rec.path).href, relativeUrl: relativeUrl(dirname(path), rec.path), mimeType: MIME[extname(rec.path).toLowerCase()] ?? 'audio/*' }
    : null;
  const text = exchangeText(call, r.format, { eaf: { media }, now: r.now });
  const leaks = countLeaks(text, secrets);
  if (leaks > 0) throw new RedactionFailedError(`the redacted ${r.format} export still contains ${leaks} removed value(s); nothing was written`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
  return { path, bytes: Buffer.byteLength(text) };
}
