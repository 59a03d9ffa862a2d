import { useEffect } from 'react';
import type { CallDetail } from '../../../../shared/model/dto';
import { formatClock, formatDate, formatDuration } from '../../components/format';
import { useAppStore } from '../../state/app-store';
import { usePlaybackStore } from '../../state/playback-store';
import { WaveformLanes } from '../../waveform/WaveformLanes';
import { CallMetricsStrip } from './CallMetricsStrip';
import { CompliancePanel } from './CompliancePanel';
import { ExportPackageDialog } from '../packages/ExportPackageDialog';
import { FlagList } from './FlagList';
import { TurnList } from './TurnList';
import { usePlaybackKeys } from './use-playback-keys';

/** One call: waveform lanes, turns with their timings, and flags, all on the recording's clock. */
export function CallView({ call }: { call: CallDetail }) {
  const closeCall = useAppStore((s) => s.closeCall);
  const swapRoles = useAppStore((s) => s.swapRoles);
  const redacted = useAppStore((s) => s.redacted);
  const compliance = useAppStore((s) => s.compliance);
  const setRedacted = useAppStore((s) => s.setRedacted);
  const currentMs = usePlaybackStore((s) => s.currentMs);
  const playing = usePlaybackStore((s) => s.playing);
  const togglePlay = usePlaybackStore((s) => s.togglePlay);
  usePlaybackKeys();
  useEffect(() => () => usePlaybackStore.getState().reset(), [call.id]);
  const recording = call.recordings[0];

  return (
    <section className="call-view" aria-label={`Call ${call.id}`}>
      <header className="call-header">
        <button className="link" onClick={closeCall}>← Calls</button>
        <h1>{call.id}</h1>
        <span className={`pill outcome-${call.outcome}`}>{call.outcome}</span>
        <ExportPackageDialog callId={call.id} hasComplianceHits={(compliance?.hits.length ?? 0) > 0} />
        <label className="redact-toggle small" title="Hide every compliance finding from text, words and trace payloads, e.g. to share this screen">
          <input type="checkbox" checked={redacted} onChange={(e) => void setRedacted(e.target.checked)} /> redacted view
        </label>
        <span className="muted">
          {[call.agent.name, call.agent.version].filter(Boolean).join(' ') || 'unknown agent'} · {formatDate(call.startedAt)} ·{' '}
          {formatDuration(call.durationMs ?? recording?.durationMs ?? null)} · {call.turns.length} turns · {call.sourceFormat}
        </span>
      </header>
      {call.analysis && <CallMetricsStrip analysis={call.analysis} />}

      {recording ? (
        <>
          <div className="transport">
            <button className="primary" onClick={togglePlay} aria-label={playing ? 'Pause' : 'Play'}>
              {playing ? 'Pause' : 'Play'}
            </button>
            <span className="clock" data-testid="playhead" data-ms={Math.round(currentMs)}>
              {formatClock(currentMs)} / {formatClock(recording.durationMs)}
            </span>
            {recording.channels > 1 && (
              <button className="secondary small" onClick={() => void swapRoles()} title="The format did not say, or detection got it wrong: exchange the caller and agent channels">
                Swap caller/agent
              </button>
            )}
            <span className="muted small">
              {recording.audio && recording.channels > 1 ? `roles: ${recording.audio.rolesSource}${recording.audio.rolesConfidence !== null ? ` ${recording.audio.rolesConfidence.toFixed(2)}` : ''} · ` : ''}
              {recording.codec} · {recording.sampleRate} Hz · {recording.channels === 1 ? 'mono' : `${recording.channels} channels`} · space plays/pauses
            </span>
          </div>
          <WaveformLanes recording={recording} turns={call.turns} />
        </>
      ) : (
        <p className="muted">This call has no recording: timings and text only.</p>
      )}

      <div className="call-body">
        <TurnList turns={call.turns} analysis={call.analysis?.turns ?? []} spans={call.spans} />
        <aside className="side">
          <CompliancePanel />
          <h2>Flags <span className="muted">{call.flags.length}</span></h2>
          <FlagList flags={call.flags} />
          {call.importNotes.length > 0 && (
            <>
              <h2>Import notes</h2>
              <ul className="notes small">
                {call.importNotes.map((n, i) => (
                  <li key={i} className={n.level === 'warning' ? 'warn' : 'muted'}>{n.message}</li>
                ))}
              </ul>
            </>
          )}
        </aside>
      </div>
    </section>
  );
}
