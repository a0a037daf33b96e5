/** Every problem in the network, errors first; click one to go to its node. */
import { useEditor } from '../store/editor-store.ts';
import { useShownInference } from '../code/shown-problems.ts';
import { Icon } from '../ui/Icon.tsx';
import { ProblemItem } from './ProblemItem.tsx';

export function ProblemsPanel() {
  const doc = useEditor((s) => s.doc);
  const inference = useShownInference(doc);
  const { problems } = inference;
  return (
    <div className="problems-panel" data-testid="problems-panel">
      {problems.length === 0 ? (
        <div className="empty-note empty-note--ok">
          <Icon name="check" />{' '}
          {doc.nodes.length === 0 ? 'Nothing to check yet.' : 'No problems: every shape fits.'}
        </div>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <ProblemItem key={`${p.code}-${p.node ?? ''}-${i}`} problem={p} clickable />
          ))}
        </ul>
      )}
    </div>
  );
}
