import type { ImportProgress } from '../../shared/model/import-progress';

const WIDTH = 28;

function clock(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A one-line import progress bar on stderr (stdout stays clean for --json): count, rate and time left.
 * Redraws at most ten times a second; on a non-terminal it prints a line per phase instead.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): { update(p: ImportProgress): void; done(): void } {
  let last = 0;
  let lastPhase = '';
  const tty = Boolean(stream.isTTY);
  return {
    update(p) {
      const now = Date.now();
      const phaseChanged = p.phase !== lastPhase;
      if (!tty) {
        if (phaseChanged && p.phase !== 'done') stream.write(`${p.phase}…\n`);
        lastPhase = p.phase;
        return;
      }
      if (!phaseChanged && now - last < 100 && p.done < p.total) return;
      last = now;
      lastPhase = p.phase;
      const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
      const filled = Math.round(frac * WIDTH);
      const rate = p.elapsedMs > 0 ? (p.done / p.elapsedMs) * 1000 : 0;
      const eta = rate > 0 ? ((p.total - p.done) / rate) * 1000 : 0;
      const unit = p.phase === 'scanning' ? 'files' : 'traces';
      const line = `${p.phase.padEnd(9)} [${'='.repeat(filled)}${' '.repeat(WIDTH - filled)}] ${p.done}/${p.total} ${unit} · ${rate.toFixed(1)}/s · ETA ${clock(eta)} · ${p.imported} imported, ${p.failed} failed`;
      stream.write(`\r${line.slice(0, (stream.columns ?? 120) - 1)}\u001b[K`);
    },
    done() {
      if (tty) stream.write('\r\u001b[K');
    },
  };
}
