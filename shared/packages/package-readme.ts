/**
 * The short human-readable README of a package: what the case is, why it was exported, what each turn
 * said and heard, and every expectation with its bound and where the bound came from.
 */
import { STAGE_KEYS } from '../analysis/thresholds';
import type { TurnExpectations } from './expectations';
import type { PackageManifest } from './manifest';
import { describeCall } from './tool-args';

const q = (s: string | null): string => (s === null || s === '' ? '—' : `“${s.replace(/\s+/g, ' ').trim()}”`);

function expectationLines(e: TurnExpectations): string[] {
  const out: string[] = [];
  if (e.transcript) out.push(`- transcript WER ≤ ${e.transcript.maxWer} against ${q(e.transcript.reference)} (${e.transcript.normalization}) — ${e.transcript.basis}`);
  if (e.noHallucinationRun) out.push(`- no hallucination run — ${e.noHallucinationRun.basis}`);
  if (e.intent) out.push(`- intent = ${e.intent.name} — ${e.intent.basis}`);
  if (e.toolCalls) {
    for (const c of e.toolCalls.calls) out.push(`- calls ${describeCall(c.name, c.arguments)}${c.ignoredArguments.length ? ` (not compared: ${c.ignoredArguments.join(', ')})` : ''}`);
    out.push(`  ${e.toolCalls.allowOtherCalls ? 'other tool calls allowed' : 'no other tool calls'} — ${e.toolCalls.basis}`);
  }
  if (e.latency) {
    const parts: string[] = [];
    if (e.latency.maxEndToEndMs !== null) parts.push(`end to end ≤ ${e.latency.maxEndToEndMs} ms`);
    for (const k of STAGE_KEYS) {
      const b = e.latency.stageBudgetsMs[k];
      if (b !== undefined) parts.push(`${k.replace(/Ms$/, '').toUpperCase()} ≤ ${b} ms`);
    }
    out.push(`- latency: ${parts.join(', ')} — ${e.latency.basis}`);
  }
  if (e.phrases) {
    for (const p of e.phrases.mustSay) out.push(`- agent says ${q(p)}`);
    for (const p of e.phrases.mustNotSay) out.push(`- agent does not say ${q(p)}`);
    if (e.phrases.mustSay.length + e.phrases.mustNotSay.length > 0) out.push(`  (${e.phrases.basis})`);
  }
  return out.length ? out : ['- (only that the turn is found in the new call)'];
}

export function packageReadme(m: PackageManifest, zipName: string): string {
  const s = m.source;
  const lines: string[] = [
    `# ${m.title}`,
    '',
    `Regression package \`${m.packageId}\` made by Turnscope ${m.createdBy.version} on ${m.createdAt}${m.createdBy.author ? ` by ${m.createdBy.author}` : ''}.`,
    `Source call \`${s.callId}\` (${s.format}; agent ${s.agent.name ?? '—'} ${s.agent.version ?? ''}; outcome ${s.outcome}${s.endedReason ? `, ${s.endedReason}` : ''}).`,
    '',
    '## Why it was exported',
    '',
    ...(m.selection.note ? [m.selection.note, ''] : []),
    ...(m.selection.reasons.length
      ? m.selection.reasons.map((r) => `- ${r.severity} ${r.kind}${r.turnIndex !== null ? ` (turn ${r.turnIndex})` : ''}: ${r.detail}`)
      : ['- no findings: exported by hand']),
    '',
    '## Redaction',
    '',
    m.redaction.applied
      ? `Redacted: ${m.redaction.edits} edit(s) (${Object.entries(m.redaction.byCategory).map(([k, v]) => `${k} ×${v}`).join(', ') || 'nothing found'}), audio ${m.redaction.audio ?? '—'}. Rule set ${m.redaction.ruleSetHash ?? '—'}.`
      : 'Not redacted: this package may contain personal data. Handle it like the original recording.',
    ...m.redaction.notes.map((n) => `- ${n}`),
    '',
    '## Turns and expectations',
    '',
  ];
  for (const t of m.turns) {
    const e = m.expectations.turns.find((x) => x.turnIndex === t.index);
    lines.push(`### Turn ${t.index}`, '');
    lines.push(`- caller said: ${q(t.reference)}`);
    lines.push(`- recognizer heard: ${q(t.callerText)}${t.observed.wer !== null ? ` (WER ${t.observed.wer.toFixed(2)})` : ''}`);
    lines.push(`- agent answered: ${q(t.agentText)}`);
    lines.push(`- end to end: ${t.observed.endToEndMs !== null ? `${t.observed.endToEndMs} ms` : '—'}; tool calls: ${t.observed.toolCalls.join(', ') || 'none'}`);
    lines.push(`- caller audio: ${t.clip ? `\`${t.clip.path}\` (${(t.clip.startMs / 1000).toFixed(2)}–${(t.clip.endMs / 1000).toFixed(2)} s of the recording)` : (t.clipOmitted ?? 'none')}`);
    lines.push('', 'Expected:', '', ...(e ? expectationLines(e) : ['- (none)']), '');
  }
  if (m.expectations.compliance) {
    lines.push('## Compliance', '', `Must not occur: ${m.expectations.compliance.mustNotOccur.join(', ') || '(nothing)'} — ${m.expectations.compliance.basis}`, '');
  }
  lines.push(
    '## Verify a new agent version',
    '',
    '```sh',
    `turnscope verify ${zipName} --trace <the new call's trace> [--recording <its recording>] [--junit results.xml]`,
    '```',
    '',
    'Exit code 0: every assertion passed; 1: an assertion failed; 2: the package is invalid or was changed after export.',
    '',
    // The manifest lists this README's hash, so the README cannot name the manifest's.
    "Integrity: every file's SHA-256 is in manifest.json, and the manifest's own hash (manifestSha256) covers them all.",
    '',
  );
  return lines.join('\n');
}
