/** One coded problem: severity, code and the sentence; clicking it shows the node. */
import type { Problem } from '../../app/graph/errors.ts';
import { focusNode } from '../canvas/focus.ts';
import { Icon } from '../ui/Icon.tsx';

/** The message without its leading code, which is shown as a chip of its own. */
function sentence(p: Problem): string {
  return p.message.startsWith(p.code) ? p.message.slice(p.code.length).trim() : p.message;
}

export function ProblemItem({
  problem,
  clickable = false,
}: {
  problem: Problem;
  clickable?: boolean;
}) {
  const content = (
    <>
      <span className={`problem__icon problem__icon--${problem.severity}`}>
        <Icon name={problem.severity === 'error' ? 'error' : 'warning'} size={14} />
      </span>
      <code className="problem__code">{problem.code}</code>
      <span className="problem__message">{sentence(problem)}</span>
    </>
  );
  return (
    <li className="problem" data-severity={problem.severity} data-testid="problem">
      {clickable && problem.node ? (
        <button
          type="button"
          className="problem__button"
          onClick={() => focusNode(problem.node as string)}
          title="Show this node"
        >
          {content}
        </button>
      ) : (
        <div className="problem__button">{content}</div>
      )}
    </li>
  );
}
