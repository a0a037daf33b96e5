/**
 * React Flow measures a node's handles when the node first appears, but not when its handles
 * change later (a merge grows a port, the flow turns from left-right to top-down). Nodes ask for
 * a re-measure here; the requests of one render are sent as one batch, because each separate
 * request makes React Flow update its whole store (a direction change on a 300-node graph would
 * otherwise cost 300 store updates).
 */
import { useUpdateNodeInternals } from '@xyflow/react';
import { useEffect, useRef } from 'react';

const pending = new Set<string>();
let scheduled = false;

export function useRemeasureOnChange(id: string, key: string): void {
  const update = useUpdateNodeInternals();
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      // A new node is measured by React Flow itself.
      mounted.current = true;
      return;
    }
    pending.add(id);
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      const ids = [...pending];
      pending.clear();
      update(ids);
    });
  }, [id, key, update]);
}
