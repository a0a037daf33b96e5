/**
 * The template gallery: classic networks to start from, each with what it is, how big it is and
 * a picture of its graph. Opening one makes a new untitled document.
 */
import { useEffect, useMemo, useState } from 'react';
import type { TemplateSummary } from '../../app/api/contract.ts';
import type { GraphDocument } from '../../app/graph/document.ts';
import { ApiCallError, invoke } from '../api/client.ts';
import { openTemplate } from '../documents/document-actions.ts';
import { closeDialog } from '../store/ui-store.ts';
import { formatCount, formatExact } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';
import { Modal } from '../ui/Modal.tsx';
import { GraphThumbnail } from './GraphThumbnail.tsx';

const documents = new Map<string, Promise<GraphDocument | null>>();

/** Template documents for the pictures, fetched once per session, one at a time. */
let queue: Promise<unknown> = Promise.resolve();
function templateDocument(file: string): Promise<GraphDocument | null> {
  let known = documents.get(file);
  if (!known) {
    known = queue.then(() =>
      invoke('templates.open', { file })
        .then((r) => r.document)
        .catch(() => null),
    );
    queue = known;
    documents.set(file, known);
  }
  return known;
}

function Thumbnail({ file }: { file: string }) {
  const [doc, setDoc] = useState<GraphDocument | null>(null);
  useEffect(() => {
    let live = true;
    void templateDocument(file).then((d) => live && setDoc(d));
    return () => {
      live = false;
    };
  }, [file]);
  return doc ? <GraphThumbnail doc={doc} /> : <div className="thumbnail thumbnail--loading" />;
}

export function Gallery() {
  const [templates, setTemplates] = useState<readonly TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  useEffect(() => {
    invoke('templates.list', {})
      .then((r) => setTemplates(r.templates))
      .catch((err: unknown) => setError(err instanceof ApiCallError ? err.message : String(err)));
  }, []);
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return (templates ?? []).filter((t) => {
      const text = `${t.title} ${t.summary} ${t.tags.join(' ')}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [templates, query]);

  const open = async (file: string) => {
    closeDialog();
    await openTemplate(file);
  };

  return (
    <Modal
      title="Start from a template"
      onClose={closeDialog}
      width={1000}
      className="gallery"
      testId="gallery"
    >
      <label className="search-field gallery__search">
        <Icon name="search" />
        <input
          type="search"
          placeholder="Search templates: resnet, lstm, course…"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          aria-label="Search templates"
        />
      </label>
      <div className="gallery__grid">
        {error && <p className="empty-note">The templates could not be listed: {error}</p>}
        {templates === null && !error && <p className="empty-note">Loading templates…</p>}
        {templates !== null && shown.length === 0 && (
          <p className="empty-note">No template matches “{query}”.</p>
        )}
        {shown.map((t) => (
          <button
            key={t.file}
            type="button"
            className="template-card"
            onClick={() => void open(t.file)}
            data-testid={`template-${t.file.replace(/\.json$/, '')}`}
            title={t.summary}
          >
            <Thumbnail file={t.file} />
            <span className="template-card__body">
              <span className="template-card__title ellipsis">{t.title}</span>
              <span className="template-card__summary">{t.summary}</span>
              <span className="template-card__meta">
                <span title={`${formatExact(t.params)} parameters`}>
                  {formatCount(t.params)} params
                </span>
                {t.tags.slice(0, 3).map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </span>
            </span>
          </button>
        ))}
      </div>
    </Modal>
  );
}
