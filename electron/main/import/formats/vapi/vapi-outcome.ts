import type { CallOutcome } from '../../../../../shared/model/call';

/*
 * Vapi has ~570 endedReason values, most of them provider-specific failures that share a prefix or a word.
 * The common, meaningful ones are listed; the rest fall to patterns. 'resolved' means the call completed
 * normally: endedReason cannot say whether the caller's need was met, so a boolean success evaluation
 * saying it was not turns a completed call into 'failed'.
 */
const EXACT: Record<string, CallOutcome> = {
  'customer-ended-call': 'resolved',
  'assistant-ended-call': 'resolved',
  'assistant-said-end-call-phrase': 'resolved',
  'assistant-ended-call-after-message-spoken': 'resolved',
  'assistant-ended-call-with-hangup-task': 'resolved',
  'assistant-forwarded-call': 'escalated',
  'silence-timed-out': 'abandoned',
  'customer-did-not-answer': 'abandoned',
  'customer-busy': 'abandoned',
  voicemail: 'abandoned',
  'manually-canceled': 'abandoned',
  'customer-did-not-give-microphone-permission': 'abandoned',
  // The platform cut the conversation off: it did not end on its own terms.
  'exceeded-max-duration': 'failed',
};

/** Checked in order: a failed transfer ("…error-warm-transfer…") is a failure first. */
const PATTERNS: [RegExp, CallOutcome][] = [
  [/^pipeline-error-|^call\.[a-z-]+\.error|error|fault|failed|worker-shutdown|closed-websocket|not-found|invalid/, 'failed'],
  [/forward|transfer/, 'escalated'],
  [/^customer-did-not|^customer-busy|^voicemail|silence/, 'abandoned'],
  [/^assistant-ended-call|^assistant-said|^customer-ended-call/, 'resolved'],
];

export function vapiOutcome(endedReason: string | null, success: boolean | null): { outcome: CallOutcome; why: string } {
  if (endedReason === null) return { outcome: 'unknown', why: 'no endedReason' };
  const base = EXACT[endedReason] ?? PATTERNS.find(([re]) => re.test(endedReason))?.[1] ?? 'unknown';
  if (base === 'resolved' && success === false) {
    return { outcome: 'failed', why: `endedReason ${endedReason} (completed) with analysis.successEvaluation false` };
  }
  return { outcome: base, why: base === 'unknown' ? `endedReason ${endedReason} is not one Turnscope classifies` : `endedReason ${endedReason}` };
}

/** successEvaluation is rubric-dependent text; only the pass/fail rubric's "true"/"false" is a verdict. */
export function successVerdict(value: unknown): boolean | null {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return null;
}
