/**
 * The selected layer: what it is, what it computes (shapes, counts), what is wrong with it, and a
 * form generated from its catalog parameter schema.
 */
import type { GraphDocument, GraphNode, ParamValue } from '../../app/graph/document.ts';
import type { Inference } from '../../app/graph/infer.ts';
import { findLayer } from '../../app/layers/catalog.ts';
import { activationParams, weightParams } from '../../app/layers/common.ts';
import type { ParamDef } from '../../app/layers/params.ts';
import { categoryTitles } from '../palette/palette-model.ts';
import { renameItem, setSharing } from '../editing/node-actions.ts';
import {
  formatBytes,
  formatCount,
  formatExact,
  formatFlops,
  formatFullShape,
} from '../ui/format.ts';
import { ProblemItem } from '../problems/ProblemItem.tsx';
import { Disclosure } from '../ui/Disclosure.tsx';
import { ParamField } from './ParamField.tsx';

const activationKeys = new Set(Object.keys(activationParams));
const weightKeys = new Set(Object.keys(weightParams));

export function NodeInspector({
  node,
  doc,
  inference,
}: {
  node: GraphNode;
  doc: GraphDocument;
  inference: Inference;
}) {
  const spec = findLayer(node.type);
  const info = inference.nodes[node.id];
  if (!spec) {
    return <p className="empty-note">Unknown layer type {node.type}.</p>;
  }
  const entries: [string, ParamDef][] = Object.entries(spec.params);
  const sections = [
    {
      title: 'Settings',
      items: entries.filter(([k]) => !activationKeys.has(k) && !weightKeys.has(k)),
      open: true,
    },
    { title: 'Activation', items: entries.filter(([k]) => activationKeys.has(k)), open: true },
    {
      title: 'Weights and regularization',
      items: entries.filter(([k]) => weightKeys.has(k)),
      open: false,
    },
  ].filter((s) => s.items.length > 0);
  const field = ([key, def]: [string, ParamDef]) => (
    <ParamField
      key={`${node.id}:${key}`}
      nodeId={node.id}
      name={key}
      def={def}
      value={(node.params[key] ?? def.default) as ParamValue}
    />
  );
  const params = info ? info.params.trainable + info.params.nonTrainable : 0;

  return (
    <div className="inspector__body" data-testid="node-inspector">
      <header className="inspector__header" data-category={spec.category}>
        <span className="inspector__swatch" aria-hidden="true" />
        <div className="inspector__heading">
          <h2 className="ellipsis" title={spec.label}>
            {spec.label}
          </h2>
          <span className="inspector__sub">
            {categoryTitles[spec.category]} · <code>{node.id}</code>
          </span>
        </div>
      </header>
      <p className="inspector__help">{spec.help}</p>

      <div className="field">
        <label className="field__label" htmlFor="node-name">
          Name
        </label>
        <input
          id="node-name"
          className="input"
          data-rename-field
          value={node.name ?? ''}
          placeholder={node.id}
          maxLength={200}
          onChange={(e) => renameItem(node.id, e.target.value)}
        />
      </div>

      <dl className="stats" data-testid="node-stats">
        <dt>Output</dt>
        <dd className="mono" data-testid="inspector-output-shape">
          {info?.outputShape
            ? formatFullShape(info.outputShape)
            : info?.problems.some((p) => p.severity === 'error')
              ? 'none: see the problem below'
              : 'unknown until the layers before it work'}
        </dd>
        {info && info.inputShapes.length > 0 && (
          <>
            <dt>Input{info.inputShapes.length > 1 ? 's' : ''}</dt>
            <dd className="mono">{info.inputShapes.map((s) => formatFullShape(s)).join(' · ')}</dd>
          </>
        )}
        <dt>Parameters</dt>
        <dd
          title={
            info
              ? `${formatExact(info.params.trainable)} trainable, ${formatExact(info.params.nonTrainable)} frozen`
              : ''
          }
          data-testid="inspector-params"
        >
          {formatExact(params)}
          {info && info.params.nonTrainable > 0 && (
            <span className="muted"> ({formatCount(info.params.nonTrainable)} frozen)</span>
          )}
        </dd>
        <dt>FLOPs</dt>
        <dd>
          {formatFlops(info?.flops ?? 0)} <span className="muted">per sample</span>
        </dd>
        <dt>Activations</dt>
        <dd>
          {formatBytes(info?.activationBytes ?? 0)} <span className="muted">per sample</span>
        </dd>
      </dl>

      {info && info.problems.length > 0 && (
        <ul className="problem-list problem-list--inline" data-testid="inspector-problems">
          {info.problems.map((p, i) => (
            <ProblemItem key={i} problem={p} />
          ))}
        </ul>
      )}

      {sections.map((section) => (
        <Disclosure key={section.title} title={section.title} defaultOpen={section.open}>
          {section.items.map(field)}
        </Disclosure>
      ))}

      {spec.weighted && <SharingPicker node={node} doc={doc} />}
    </div>
  );
}

function SharingPicker({ node, doc }: { node: GraphNode; doc: GraphDocument }) {
  const candidates = doc.nodes.filter(
    (n) => n.type === node.type && n.id !== node.id && n.shareWeightsWith === undefined,
  );
  const borrowers = doc.nodes.filter((n) => n.shareWeightsWith === node.id);
  return (
    <Disclosure title="Weight sharing" defaultOpen={node.shareWeightsWith !== undefined}>
      <div className="field">
        <label className="field__label" htmlFor="share-weights">
          Use the weights of
        </label>
        <select
          id="share-weights"
          className="input"
          value={node.shareWeightsWith ?? ''}
          disabled={borrowers.length > 0}
          onChange={(e) => setSharing(node.id, e.target.value || undefined)}
        >
          <option value="">its own weights</option>
          {candidates.map((n) => (
            <option key={n.id} value={n.id}>
              {n.name ? `${n.name} (${n.id})` : n.id}
            </option>
          ))}
        </select>
        <p className="field__help">
          {borrowers.length > 0
            ? `${borrowers.map((n) => n.id).join(', ')} ${borrowers.length === 1 ? 'uses' : 'use'} this layer’s weights.`
            : 'Two branches that share one layer’s weights (a Siamese network) learn one set of weights together.'}
        </p>
      </div>
    </Disclosure>
  );
}
