/**
 * Browser mode's file chooser over the workspace folder (main confines every path to it): a
 * breadcrumb, folders first, network files below.
 */
import { useEffect, useState } from 'react';
import type { FileEntry } from '../../app/api/contract.ts';
import { ApiCallError, invoke } from '../api/client.ts';
import { Icon } from '../ui/Icon.tsx';

export function useFolder(initial: string): {
  dir: string;
  entries: readonly FileEntry[] | null;
  error: string | null;
  go: (dir: string) => void;
} {
  const [dir, setDir] = useState(initial);
  const [entries, setEntries] = useState<readonly FileEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setEntries(null);
    invoke('document.list', { dir })
      .then((listing) => {
        if (!live) return;
        setEntries(listing.entries);
        setError(null);
      })
      .catch((err: unknown) => {
        if (!live) return;
        setEntries([]);
        setError(err instanceof ApiCallError ? err.message : String(err));
      });
    return () => {
      live = false;
    };
  }, [dir]);
  return { dir, entries, error, go: setDir };
}

export function FileBrowser({
  dir,
  entries,
  error,
  go,
  selected,
  onSelect,
  onOpen,
}: {
  dir: string;
  entries: readonly FileEntry[] | null;
  error: string | null;
  go: (dir: string) => void;
  selected: string | null;
  onSelect: (entry: FileEntry) => void;
  onOpen: (entry: FileEntry) => void;
}) {
  const parts = dir.split('/').filter((p) => p && p !== '.');
  return (
    <div className="file-browser">
      <nav className="breadcrumb" aria-label="Folder">
        <button type="button" className="link-button" onClick={() => go('')}>
          <Icon name="folder" /> workspace
        </button>
        {parts.map((part, i) => (
          <span key={i} className="breadcrumb__part">
            <span className="breadcrumb__sep">/</span>
            <button
              type="button"
              className="link-button"
              onClick={() => go(parts.slice(0, i + 1).join('/'))}
            >
              {part}
            </button>
          </span>
        ))}
      </nav>
      <ul className="file-list" role="listbox" aria-label="Files" data-testid="file-list">
        {entries === null && <li className="file-list__note">Loading…</li>}
        {error && <li className="file-list__note file-list__note--error">{error}</li>}
        {entries?.length === 0 && !error && (
          <li className="file-list__note">No networks here yet.</li>
        )}
        {entries?.map((entry) => (
          <li key={entry.path}>
            <button
              type="button"
              className="file-list__item"
              aria-selected={selected === entry.path}
              data-kind={entry.kind}
              title={entry.path}
              onClick={() => (entry.kind === 'dir' ? go(entry.path) : onSelect(entry))}
              onDoubleClick={() => entry.kind === 'file' && onOpen(entry)}
            >
              <Icon name={entry.kind === 'dir' ? 'folder' : 'file'} />
              <span className="ellipsis">{entry.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
