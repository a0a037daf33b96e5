/** A selected block: its name, what it holds and weighs, and what can be done with it. */
import { useState } from 'react';
import type { GraphDocument, GraphGroup } from '../../app/graph/document.ts';
import type { Inference } from '../../app/graph/infer.ts';
import { indexGroups } from '../canvas/groups.ts';
import { setBlockCollapsed, ungroupSelection } from '../editing/group-actions.ts';
import { renameItem, selectOnly } from '../editing/node-actions.ts';
import { formatExact, formatFlops } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';

export function GroupInspector({
  group,
  doc,
  inference,
}: {
  group: GraphGroup;
  doc: GraphDocument;
  inference: Inference;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const members = indexGroups(doc).members(group.id);
  let params = 0;
  let flops = 0;
  let errors = 0;
  for (const id of members) {
    const info = inference.nodes[id];
    if (!info) continue;
    params += info.params.trainable + info.params.nonTrainable;
    flops += info.flops;
    errors += info.problems.filter((p) => p.severity === 'error').length;
  }
  return (
    <div className="inspector__body" data-testid="group-inspector">
      <header className="inspector__header" data-category="block">
        <span className="inspector__swatch" aria-hidden="true" />
        <div className="inspector__heading">
          <h2 className="ellipsis" title={group.name}>
            {group.name}
          </h2>
          <span className="inspector__sub">
            Block · <code>{group.id}</code>
          </span>
        </div>
      </header>
      <div className="field">
        <label className="field__label" htmlFor="group-name">
          Name
        </label>
        <input
          id="group-name"
          className="input"
          data-rename-field
          value={draft ?? group.name}
          maxLength={200}
          onChange={(e) => {
            setDraft(e.target.value);
            if (e.target.value.trim()) renameItem(group.id, e.target.value);
          }}
          onBlur={() => setDraft(null)}
        />
        {draft !== null && !draft.trim() && <p className="field__error">A block needs a name.</p>}
      </div>
      <dl className="stats">
        <dt>Layers</dt>
        <dd>{members.length}</dd>
        <dt>Parameters</dt>
        <dd data-testid="group-params">{formatExact(params)}</dd>
        <dt>FLOPs</dt>
        <dd>
          {formatFlops(flops)} <span className="muted">per sample</span>
        </dd>
        <dt>Problems</dt>
        <dd>{errors === 0 ? 'none' : `${errors} error${errors === 1 ? '' : 's'}`}</dd>
      </dl>
      <div className="button-row">
        <button
          type="button"
          className="button"
          onClick={() => setBlockCollapsed(group.id, !group.collapsed)}
        >
          <Icon name={group.collapsed ? 'expand' : 'collapse'} />
          {group.collapsed ? 'Expand' : 'Collapse'}
        </button>
        <button type="button" className="button" onClick={ungroupSelection}>
          <Icon name="layers" /> Ungroup
        </button>
        {!group.collapsed && (
          <button
            type="button"
            className="button button--ghost"
            onClick={() => selectOnly(members)}
          >
            Select layers
          </button>
        )}
      </div>
    </div>
  );
}
