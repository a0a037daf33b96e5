/** With nothing (or several things) selected: the network, or the selection, as a whole. */
import { useState } from 'react';
import type { GraphDocument } from '../../app/graph/document.ts';
import type { Inference } from '../../app/graph/infer.ts';
import { appCommands } from '../commands/app-commands.ts';
import { displayShortcut } from '../commands/shortcuts.ts';
import { formatBytes, formatExact, formatFlops } from '../ui/format.ts';

/** A long description (a template's notes) shows a few lines until asked for more. */
function Description({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > 280;
  return (
    <div className="inspector__description">
      <p className="inspector__help" data-clamped={long && !open ? 'true' : undefined}>
        {text}
      </p>
      {long && (
        <button type="button" className="link-button" onClick={() => setOpen(!open)}>
          {open ? 'Show less' : 'Show more'}
        </button>
      )}
    </div>
  );
}

function run(id: string) {
  void appCommands.find((c) => c.id === id)?.run();
}

export function DocumentSummary({
  doc,
  inference,
  selectedIds,
}: {
  doc: GraphDocument;
  inference: Inference;
  selectedIds: readonly string[] | null;
}) {
  const ids = selectedIds ?? doc.nodes.map((n) => n.id);
  let params = 0;
  let flops = 0;
  let activations = 0;
  for (const id of ids) {
    const info = inference.nodes[id];
    if (!info) continue;
    params += info.params.trainable + info.params.nonTrainable;
    flops += info.flops;
    activations += info.activationBytes;
  }
  const selecting = selectedIds !== null;
  return (
    <div className="inspector__body" data-testid="document-summary">
      <header className="inspector__header" data-category="document">
        <div className="inspector__heading">
          <h2 className="ellipsis" title={selecting ? undefined : doc.metadata.title}>
            {selecting ? `${ids.length} layers selected` : doc.metadata.title || 'Untitled'}
          </h2>
          <span className="inspector__sub">{selecting ? 'Selection' : 'Network'}</span>
        </div>
      </header>
      {!selecting && doc.metadata.description && <Description text={doc.metadata.description} />}
      {doc.nodes.length === 0 ? (
        <p className="inspector__help">
          Select a layer to see its shapes and settings here. Nothing is on the canvas yet.
        </p>
      ) : (
        <dl className="stats">
          <dt>Layers</dt>
          <dd>{ids.length}</dd>
          <dt>Parameters</dt>
          <dd>{formatExact(params)}</dd>
          <dt>FLOPs</dt>
          <dd>
            {formatFlops(flops)} <span className="muted">per sample</span>
          </dd>
          <dt>Activations</dt>
          <dd>
            {formatBytes(activations)} <span className="muted">per sample</span>
          </dd>
          {!selecting && doc.metadata.reference?.params !== undefined && (
            <>
              <dt>Reference</dt>
              <dd title={doc.metadata.reference.paper}>
                {formatExact(doc.metadata.reference.params)} params
              </dd>
            </>
          )}
        </dl>
      )}
      {selecting ? (
        <div className="button-row">
          <button type="button" className="button" onClick={() => run('arrange.group')}>
            Group <kbd>{displayShortcut('Mod+G')}</kbd>
          </button>
          <button type="button" className="button" onClick={() => run('edit.duplicate')}>
            Duplicate
          </button>
          <button
            type="button"
            className="button button--danger"
            onClick={() => run('edit.delete')}
          >
            Delete
          </button>
        </div>
      ) : (
        doc.nodes.length > 0 && (
          <p className="inspector__hint">
            Select a layer to edit it. Shift-click or drag a box to select several.
          </p>
        )
      )}
    </div>
  );
}
