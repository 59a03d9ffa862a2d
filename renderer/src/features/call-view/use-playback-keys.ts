import { useEffect } from 'react';
import { usePlaybackStore } from '../../state/playback-store';

/** Space plays and pauses, unless the user is typing in a field. */
export function usePlaybackKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const target = e.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (e.code === 'Space' && !typing && !e.repeat) {
        e.preventDefault();
        usePlaybackStore.getState().togglePlay();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
