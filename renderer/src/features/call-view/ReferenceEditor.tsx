import { useEffect, useRef, useState } from 'react';

interface Props {
  initial: string;
  onSave: (text: string | null) => Promise<void>;
  onClose: () => void;
}

/**
 * Inline editing of what the caller really said. Enter saves (Shift+Enter for a new line), Escape cancels;
 * saving an empty text clears the reference (the turn then has no WER, not WER 0).
 */
export function ReferenceEditor({ initial, onSave, onClose }: Props) {
  const [text, setText] = useState(initial);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLTextAreaElement>(null);
  useEffect(() => ref.current?.focus(), []);

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    try {
      await onSave(text.trim() === '' ? null : text.trim());
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setSaving(false);
    }
  };

  return (
    <div className="reference-editor">
      <label className="small muted" htmlFor="reference-text">What the caller really said (reference)</label>
      <textarea
        id="reference-text"
        ref={ref}
        rows={2}
        value={text}
        disabled={saving}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') onClose();
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault();
            void save();
          }
        }}
      />
      <div className="row small">
        <button className="primary" onClick={() => void save()} disabled={saving}>{saving ? 'Saving…' : 'Save and re-analyse'}</button>
        <button className="secondary" onClick={onClose} disabled={saving}>Cancel</button>
        {error && <span className="error" role="alert">{error}</span>}
      </div>
    </div>
  );
}
