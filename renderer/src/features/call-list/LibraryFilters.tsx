import { useEffect, useState } from 'react';
import type { CallOutcome } from '../../../../shared/model/call';
import type { CallPage } from '../../../../shared/model/call-query';
import { useAppStore } from '../../state/app-store';

/** Search what was said, and narrow by outcome or by a kind of finding. */
export function LibraryFilters({ facets }: { facets: CallPage['facets'] }) {
  const query = useAppStore((s) => s.query);
  const setQuery = useAppStore((s) => s.setQuery);
  const [text, setText] = useState(query.text ?? '');

  // Search as the user types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => {
      if ((query.text ?? '') !== text) setQuery({ text: text.trim() === '' ? undefined : text });
    }, 250);
    return () => clearTimeout(t);
  }, [text, query.text, setQuery]);

  return (
    <div className="library-filters" role="search">
      <input
        type="search"
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder="Search what was said, or a call id…"
        aria-label="Search calls"
      />
      <select value={query.outcome ?? ''} onChange={(e) => setQuery({ outcome: (e.target.value || undefined) as CallOutcome | undefined })} aria-label="Outcome">
        <option value="">any outcome</option>
        {Object.entries(facets.outcomes).map(([k, n]) => (
          <option key={k} value={k}>{k} ({n})</option>
        ))}
      </select>
      <select value={query.flagKind ?? ''} onChange={(e) => setQuery({ flagKind: e.target.value || undefined })} aria-label="Finding">
        <option value="">any finding</option>
        {Object.entries(facets.flagKinds).map(([k, n]) => (
          <option key={k} value={k}>{k.replace(/_/g, ' ')} ({n})</option>
        ))}
      </select>
    </div>
  );
}
