import type { Flag } from '../../../../shared/model/call';
import { formatClock } from '../../components/format';
import { usePlaybackStore } from '../../state/playback-store';

/** What Turnscope found in the call; each flag jumps to its moment. */
export function FlagList({ flags }: { flags: Flag[] }) {
  const seek = usePlaybackStore((s) => s.seek);
  if (flags.length === 0) return <p className="muted small">No flags.</p>;
  return (
    <ul className="flags" aria-label="Flags">
      {flags.map((f) => (
        <li key={f.id} className={`flag sev-${f.severity}`}>
          <button className="link" disabled={f.startMs === null} onClick={() => f.startMs !== null && seek(f.startMs)}>
            {formatClock(f.startMs)}
          </button>
          <span className="pill">{f.severity}</span>
          <span className="flag-kind">{f.kind.replace(/_/g, ' ')}</span>
          {f.turnIndex !== null && <span className="muted small">T{f.turnIndex}</span>}
          <span className="flag-detail">{f.detail}</span>
        </li>
      ))}
    </ul>
  );
}
