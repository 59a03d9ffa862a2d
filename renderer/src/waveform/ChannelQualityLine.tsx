import type { ChannelQualityInfo } from '../../../shared/model/recording';

/** What the audio itself says about a channel: noise, level, clipping, echo of the other side. */
export function ChannelQualityLine({ quality }: { quality: ChannelQualityInfo | null }) {
  if (!quality) return null;
  const parts: { text: string; bad: boolean }[] = [];
  if (quality.snrDb !== null) parts.push({ text: `SNR ${Math.round(quality.snrDb)} dB`, bad: quality.snrDb < 15 });
  if (quality.rmsDbfs !== null) parts.push({ text: `${Math.round(quality.rmsDbfs)} dBFS`, bad: quality.rmsDbfs < -40 });
  if (quality.clippingRatio > 0) parts.push({ text: `clip ${(quality.clippingRatio * 100).toFixed(2)}%`, bad: quality.clippingRatio > 0.001 });
  if (quality.echo) parts.push({ text: `echo ${Math.round(quality.echo.delayMs)} ms ${Math.round(quality.echo.levelDb)} dB`, bad: true });
  return (
    <span className="lane-quality">
      {parts.map((p) => (
        <span key={p.text} className={p.bad ? 'bad' : 'muted'}>{p.text}</span>
      ))}
    </span>
  );
}
