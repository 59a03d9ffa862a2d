import type { CallOutcome } from '../../../../../shared/model/call';

/*
 * Retell's disconnection_reason (34 values in v5.60). 'resolved' means the call completed normally; an
 * explicit call_analysis.call_successful === false turns a completed call into 'failed'. A cancelled
 * transfer still counts as escalated: the agent handed the caller on, the desk did not pick up.
 */
const EXACT: Record<string, CallOutcome> = {
  user_hangup: 'resolved',
  agent_hangup: 'resolved',
  call_transfer: 'escalated',
  transfer_bridged: 'escalated',
  transfer_cancelled: 'escalated',
  voicemail_reached: 'abandoned',
  ivr_reached: 'abandoned',
  inactivity: 'abandoned',
  dial_busy: 'abandoned',
  dial_no_answer: 'abandoned',
  user_declined: 'abandoned',
  dial_failed: 'failed',
  max_duration_reached: 'failed',
  concurrency_limit_reached: 'failed',
  no_valid_payment: 'failed',
  registered_call_timeout: 'failed',
};

const PATTERNS: [RegExp, CallOutcome][] = [
  [/^error_|_error$|failed/, 'failed'],
  [/transfer/, 'escalated'],
  [/^dial_|voicemail|ivr|spam|scam/, 'abandoned'],
];

export function retellOutcome(
  reason: string | null,
  callStatus: string | null,
  successful: boolean | null,
): { outcome: CallOutcome; why: string } {
  if (reason === null) {
    return callStatus === 'error'
      ? { outcome: 'failed', why: 'call_status error (no disconnection_reason)' }
      : { outcome: 'unknown', why: `no disconnection_reason${callStatus ? ` (call_status ${callStatus})` : ''}` };
  }
  const base = EXACT[reason] ?? PATTERNS.find(([re]) => re.test(reason))?.[1] ?? 'unknown';
  if (base === 'resolved' && successful === false) {
    return { outcome: 'failed', why: `disconnection_reason ${reason} (completed) with call_analysis.call_successful false` };
  }
  return { outcome: base, why: base === 'unknown' ? `disconnection_reason ${reason} is not one Turnscope classifies` : `disconnection_reason ${reason}` };
}
