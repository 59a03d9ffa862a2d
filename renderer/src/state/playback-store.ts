import { create } from 'zustand';

/**
 * The shared clock of the call view: the waveform owns the audio element and publishes its time here;
 * lists and lanes read it and ask for seeks, so every view stays in sync with one player.
 */
interface PlaybackState {
  currentMs: number;
  playing: boolean;
  /** Set by views that want the player to move; the waveform consumes it. */
  seekRequest: { ms: number; seq: number } | null;
  togglePlayRequest: number;
  setTime(ms: number): void;
  setPlaying(playing: boolean): void;
  seek(ms: number): void;
  togglePlay(): void;
  reset(): void;
}

export const usePlaybackStore = create<PlaybackState>((set, get) => ({
  currentMs: 0,
  playing: false,
  seekRequest: null,
  togglePlayRequest: 0,
  setTime: (ms) => set({ currentMs: ms }),
  setPlaying: (playing) => set({ playing }),
  // The clock moves only when the player reports it has moved, so what the view shows is what the audio does.
  seek: (ms) => set({ seekRequest: { ms, seq: (get().seekRequest?.seq ?? 0) + 1 } }),
  togglePlay: () => set({ togglePlayRequest: get().togglePlayRequest + 1 }),
  reset: () => set({ currentMs: 0, playing: false, seekRequest: null }),
}));
