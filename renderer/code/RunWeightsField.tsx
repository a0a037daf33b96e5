/**
 * "Include weights from run …" for a project export: the saved document's runs, each with its
 * best and final weights where it saved them. Hidden when the network is unsaved or has no runs.
 */
import { useEffect, useState } from 'react';
import type { RunWeights } from '../../app/api/contract.ts';
import { invoke } from '../api/client.ts';
import { runWeightChoices } from './export-code.ts';
import type { RunWeightChoice } from './export-code.ts';

export function RunWeightsField({
  documentPath,
  value,
  onChange,
}: {
  documentPath: string | null;
  value: RunWeights | null;
  onChange: (value: RunWeights | null) => void;
}) {
  const [choices, setChoices] = useState<RunWeightChoice[]>([]);
  useEffect(() => {
    if (documentPath === null) return;
    let live = true;
    invoke('runs.list', { documentPath }).then(
      ({ runs }) => live && setChoices(runWeightChoices(runs)),
      // Without its runs the export still works, only without weights: nothing to report.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [documentPath]);

  if (choices.length === 0) return null;
  const key = (w: RunWeights | null) => (w ? `${w.which}:${w.runId}` : '');
  return (
    <label className="field save-row__field">
      <span className="field__label">Include weights from run …</span>
      <select
        className="input"
        value={key(value)}
        onChange={(e) => {
          const chosen = choices.find((c) => key(c) === e.target.value);
          onChange(chosen ? { runId: chosen.runId, which: chosen.which } : null);
        }}
        data-testid="export-weights-select"
      >
        <option value="">No weights (the network only)</option>
        {choices.map((c) => (
          <option key={key(c)} value={key(c)}>
            {c.label}
          </option>
        ))}
      </select>
    </label>
  );
}
