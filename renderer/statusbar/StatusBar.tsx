/** The bottom line: how big the network is, what it costs to train, and whether it is sound. */
import { useEditor } from '../store/editor-store.ts';
import { useShownInference } from '../code/shown-problems.ts';
import { setBatchSize, toggleBottomPanel, useUi } from '../store/ui-store.ts';
import { formatBytes, formatCount, formatExact, formatFlops } from '../ui/format.ts';
import { Icon } from '../ui/Icon.tsx';
import { trainingMemory } from './memory.ts';

const batchSizes = [1, 8, 16, 32, 64, 128, 256, 512, 1024];

export function StatusBar() {
  const doc = useEditor((s) => s.doc);
  const selected = useEditor((s) => s.selection.nodes.length + s.selection.groups.length);
  const batchSize = useUi((s) => s.batchSize);
  const mode = useUi((s) => s.mode);
  const workspace = useUi((s) => s.workspace);
  const busy = useUi((s) => s.busy);
  const inference = useShownInference(doc);
  const { params } = inference.totals;
  const memory = trainingMemory(inference, batchSize);
  const errors = inference.errorCount;
  const warnings = inference.problems.length - errors;
  const sizes = batchSizes.includes(batchSize)
    ? batchSizes
    : [...batchSizes, batchSize].sort((a, b) => a - b);
  return (
    <footer className="status-bar" data-testid="status-bar">
      <button
        type="button"
        className="status-item status-item--button"
        data-state={errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'ok'}
        onClick={() => toggleBottomPanel('problems')}
        title="Show problems"
        data-testid="status-problems"
      >
        <Icon name="error" size={13} /> {errors}
        <Icon name="warning" size={13} /> {warnings}
      </button>
      <span
        className="status-item"
        title={`${formatExact(params.total)} parameters: ${formatExact(params.trainable)} trainable, ${formatExact(params.nonTrainable)} frozen`}
        data-testid="status-params"
      >
        <Icon name="layers" size={13} />
        <span data-testid="status-params-value">{formatCount(params.total)}</span> params
      </span>
      <span
        className="status-item"
        title="Floating-point operations for one sample's forward pass (a multiply-add counts 2)"
      >
        <Icon name="flops" size={13} /> {formatFlops(inference.totals.flops)}
      </span>
      <span
        className="status-item"
        title={[
          `Estimated training memory at batch ${batchSize} with Adam (float32):`,
          `weights ${formatBytes(memory.weights)}`,
          `gradients ${formatBytes(memory.gradients)}`,
          `Adam moments ${formatBytes(memory.adam)}`,
          `activations ${formatBytes(memory.activations)}`,
          'Framework overhead not included.',
        ].join('\n')}
        data-testid="status-memory"
      >
        <Icon name="memory" size={13} /> {formatBytes(memory.total)}
        <label className="status-select">
          <span>at batch</span>
          <select
            value={batchSize}
            onChange={(e) => setBatchSize(Number(e.target.value))}
            aria-label="Batch size for the memory estimate"
          >
            {sizes.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </span>
      <span className="status-spacer" />
      {busy && (
        <span className="status-item status-item--busy" data-testid="status-busy">
          <span className="spinner" aria-hidden="true" /> {busy}
        </span>
      )}
      {selected > 0 && <span className="status-item muted">{selected} selected</span>}
      <span className="status-item muted" title={workspace ? `Workspace: ${workspace}` : undefined}>
        {mode === 'browser' ? 'Browser mode' : mode === 'desktop' ? 'Desktop' : 'Connecting…'}
      </span>
    </footer>
  );
}
