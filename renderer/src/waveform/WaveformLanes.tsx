import { useEffect, useRef, useState } from 'react';
import WaveSurfer from 'wavesurfer.js';
import RegionsPlugin from 'wavesurfer.js/dist/plugins/regions.esm.js';
import TimelinePlugin from 'wavesurfer.js/dist/plugins/timeline.esm.js';
import type { Turn } from '../../../shared/model/call';
import type { PeaksResponse, RecordingInfo } from '../../../shared/model/recording';
import { api, mediaUrl } from '../api/client';
import { usePlaybackStore } from '../state/playback-store';
import { ChannelQualityLine } from './ChannelQualityLine';
import { LANE_HEIGHT, lanesFor } from './lane-layout';

interface Props {
  recording: RecordingInfo;
  turns: Turn[];
}

/** Densest stored peaks (one pair per 5 ms) for calls up to this long; coarser beyond, to keep the first draw quick. */
const FINE_PEAKS_MAX_MS = 15 * 60_000;

/**
 * The recording as one lane per channel, drawn from the peaks computed at import (no decoding in the page),
 * with each turn's caller and agent spans as regions on their own lanes. Owns the audio element.
 */
export function WaveformLanes({ recording, turns }: Props) {
  const containerRef = useRef<HTMLDivElement>(null);
  const wsRef = useRef<WaveSurfer | null>(null);
  const [peaks, setPeaks] = useState<PeaksResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [zoom, setZoom] = useState(0);
  const [drawn, setDrawn] = useState(false);
  const lanes = lanesFor(recording);
  const { setTime, setPlaying } = usePlaybackStore.getState();

  useEffect(() => {
    let cancelled = false;
    setPeaks(null);
    api
      .getPeaks({ recordingId: recording.id, minPeaksPerSecond: recording.durationMs <= FINE_PEAKS_MAX_MS ? 200 : 25 })
      .then((p) => !cancelled && setPeaks(p))
      .catch((err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
    };
  }, [recording.id, recording.durationMs]);

  useEffect(() => {
    const container = containerRef.current;
    if (!container || !peaks) return;
    const regions = RegionsPlugin.create();
    const ws = WaveSurfer.create({
      container,
      url: mediaUrl(recording.id),
      peaks: peaks.channels.map((c) => c.data),
      duration: recording.durationMs / 1000,
      height: LANE_HEIGHT,
      splitChannels: lanes.map((l) => ({ waveColor: l.color, progressColor: l.progressColor, height: LANE_HEIGHT })),
      cursorColor: '#ffd166',
      cursorWidth: 2,
      normalize: false,
      interact: true,
      dragToSeek: true,
      autoScroll: true,
      plugins: [regions, TimelinePlugin.create({ height: 18, style: { color: '#8b98a5', fontSize: '11px' } })],
    });
    wsRef.current = ws;
    const callerLane = lanes.find((l) => l.role === 'caller')?.channel ?? 0;
    const agentLane = lanes.find((l) => l.role === 'agent')?.channel ?? 0;
    ws.on('ready', () => {
      setDrawn(true);
      for (const t of turns) {
        addRegion(regions, t, 'caller', callerLane, lanes.length);
        addRegion(regions, t, 'agent', agentLane, lanes.length);
      }
      // Where the file was damaged and its audio lost: the silence there is not the call's.
      (recording.audio?.decodeGaps ?? []).forEach((g, k) =>
        regions.addRegion({
          id: `audio-lost-${k}`,
          start: g.startMs / 1000,
          end: (g.startMs + g.durationMs) / 1000,
          content: 'audio lost',
          color: 'rgba(230, 90, 90, 0.28)',
          drag: false,
          resize: false,
        }),
      );
    });
    const unsubs = [
      ws.on('timeupdate', (t) => setTime(t * 1000)),
      ws.on('interaction', (t) => setTime(t * 1000)),
      ws.on('play', () => setPlaying(true)),
      ws.on('pause', () => setPlaying(false)),
      ws.on('finish', () => setPlaying(false)),
    ];
    return () => {
      unsubs.forEach((u) => u());
      ws.destroy();
      wsRef.current = null;
      setDrawn(false);
    };
    // Lanes and turns derive from the recording and call; rebuilding on their identity would reload audio.
  }, [peaks, recording.id, recording.roles.caller, recording.roles.agent]);

  // Seek and play requests from other views (turn list, keyboard).
  useEffect(
    () =>
      usePlaybackStore.subscribe((s, prev) => {
        const ws = wsRef.current;
        if (!ws) return;
        if (s.seekRequest && s.seekRequest !== prev.seekRequest) ws.setTime(s.seekRequest.ms / 1000);
        if (s.togglePlayRequest !== prev.togglePlayRequest) void ws.playPause();
      }),
    [],
  );

  // wavesurfer refuses to zoom before it has a duration, so wait for its first draw.
  useEffect(() => {
    if (wsRef.current && drawn) wsRef.current.zoom(zoom);
  }, [zoom, drawn]);

  if (error) return <p className="error" role="alert">Could not load the waveform: {error}</p>;
  return (
    <div className="waveform" data-testid="waveform">
      <div className="lane-labels" aria-hidden="true">
        {lanes.map((l) => (
          <div key={l.channel} className={`lane-label role-${l.role}`} style={{ height: LANE_HEIGHT }} data-testid={`lane-${l.channel}`}>
            <span>{l.label}</span>
            <ChannelQualityLine quality={recording.quality?.find((q) => q.channel === l.channel) ?? null} />
          </div>
        ))}
      </div>
      <div className="lanes" ref={containerRef} data-testid="waveform-lanes" data-ready={drawn ? 'true' : 'false'} />
      <label className="zoom">
        Zoom
        <input
          type="range"
          min={0}
          max={400}
          step={10}
          value={zoom}
          onChange={(e) => setZoom(Number(e.target.value))}
          aria-label="Zoom (pixels per second)"
        />
      </label>
    </div>
  );
}

function addRegion(regions: ReturnType<typeof RegionsPlugin.create>, t: Turn, who: 'caller' | 'agent', channel: number, laneCount: number): void {
  const u = t[who];
  if (!u || u.startMs === null || u.endMs === null || u.endMs <= u.startMs) return;
  regions.addRegion({
    id: `turn-${t.index}-${who}`,
    start: u.startMs / 1000,
    end: u.endMs / 1000,
    content: who === 'caller' ? `T${t.index}` : undefined,
    color: who === 'caller' ? 'rgba(90,169,230,0.16)' : 'rgba(123,211,137,0.14)',
    drag: false,
    resize: false,
    channelIdx: laneCount > 1 ? channel : undefined,
  });
}
