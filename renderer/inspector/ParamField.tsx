/**
 * One form control for one catalog parameter, chosen by its kind. Typed values change the node
 * as soon as they are valid (shapes everywhere follow at once); an invalid entry stays in the
 * field with the reason under it and leaves the node as it was.
 */
import { useId, useState } from 'react';
import type { ParamValue } from '../../app/graph/document.ts';
import type { ParamDef } from '../../app/layers/params.ts';
import { checkParamValue } from '../../app/layers/params.ts';
import { setParam } from '../editing/node-actions.ts';
import { formatParam, parseNumber, parseParam } from './param-text.ts';

interface FieldProps {
  nodeId: string;
  name: string;
  def: ParamDef;
  value: ParamValue | undefined;
}

export function ParamField(props: FieldProps) {
  const { def, name } = props;
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const isDefault = JSON.stringify(props.value) === JSON.stringify(def.default);
  return (
    <div className="field" data-invalid={error ? 'true' : undefined} data-testid={`param-${name}`}>
      <div className="field__label-row">
        <label htmlFor={id} className="field__label" title={def.label}>
          {def.label}
        </label>
        {!isDefault && (
          <button
            type="button"
            className="field__reset"
            title={`Back to the default (${formatParam(def.default as ParamValue)})`}
            onClick={() => {
              setError(null);
              setParam(props.nodeId, name, undefined);
            }}
          >
            reset
          </button>
        )}
      </div>
      <Control {...props} inputId={id} onError={setError} />
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : (
        <p className="field__help">{def.help}</p>
      )}
    </div>
  );
}

function Control({
  nodeId,
  name,
  def,
  value,
  inputId,
  onError,
}: FieldProps & { inputId: string; onError: (error: string | null) => void }) {
  switch (def.kind) {
    case 'bool':
      return (
        <label className="switch">
          <input
            id={inputId}
            type="checkbox"
            checked={value === true}
            onChange={(e) => setParam(nodeId, name, e.target.checked)}
          />
          <span className="switch__track" aria-hidden="true" />
          <span className="switch__text">{value === true ? 'On' : 'Off'}</span>
        </label>
      );
    case 'enum':
      return (
        <select
          id={inputId}
          className="input"
          value={typeof value === 'string' ? value : def.default}
          onChange={(e) => setParam(nodeId, name, e.target.value)}
        >
          {def.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case 'ints':
      return (
        <TupleInput
          nodeId={nodeId}
          name={name}
          def={def}
          value={value}
          inputId={inputId}
          onError={onError}
        />
      );
    default:
      return (
        <TextInput
          nodeId={nodeId}
          name={name}
          def={def}
          value={value}
          inputId={inputId}
          onError={onError}
        />
      );
  }
}

/** Numbers and lists typed as text; holds the draft until it is valid. */
function TextInput({
  nodeId,
  name,
  def,
  value,
  inputId,
  onError,
}: FieldProps & { inputId: string; onError: (error: string | null) => void }) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? formatParam(value);
  return (
    <input
      id={inputId}
      className="input input--mono"
      inputMode={def.kind === 'intList' ? 'text' : 'decimal'}
      spellCheck={false}
      autoComplete="off"
      value={shown}
      placeholder={formatParam(def.default as ParamValue)}
      onChange={(e) => {
        const text = e.target.value;
        setDraft(text);
        const parsed = parseParam(def, text);
        if (!parsed.ok) {
          onError(parsed.error);
          return;
        }
        onError(null);
        setParam(nodeId, name, parsed.value);
      }}
      onBlur={() => {
        setDraft(null);
        onError(null);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLInputElement).blur();
      }}
    />
  );
}

/** A fixed-length tuple such as a kernel size, one small box per entry: `3 × 3`. */
function TupleInput({
  nodeId,
  name,
  def,
  value,
  inputId,
  onError,
}: FieldProps & { inputId: string; onError: (error: string | null) => void }) {
  const length = def.kind === 'ints' ? def.length : 1;
  const current = Array.isArray(value) ? value : (def.default as number[]);
  const [drafts, setDrafts] = useState<(string | null)[]>(() => Array.from({ length }, () => null));
  const update = (index: number, text: string) => {
    const nextDrafts = drafts.map((d, i) => (i === index ? text : d));
    setDrafts(nextDrafts);
    const entries = Array.from({ length }, (_, i) => nextDrafts[i] ?? String(current[i] ?? ''));
    const numbers = entries.map((t) => parseNumber(t, true));
    if (numbers.some((n) => n === null)) {
      onError('Enter whole numbers.');
      return;
    }
    const why = checkParamValue(def, numbers);
    if (why) {
      onError(`${def.label} ${why}.`);
      return;
    }
    onError(null);
    setParam(nodeId, name, numbers as number[]);
  };
  return (
    <div className="tuple-input">
      {Array.from({ length }, (_, i) => (
        <span key={i} className="tuple-input__cell">
          {i > 0 && <span className="tuple-input__times">×</span>}
          <input
            id={i === 0 ? inputId : undefined}
            className="input input--mono"
            inputMode="numeric"
            aria-label={`${def.label} ${i + 1}`}
            value={drafts[i] ?? String(current[i] ?? '')}
            onChange={(e) => update(i, e.target.value)}
            onBlur={() => {
              setDrafts(Array.from({ length }, () => null));
              onError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Escape' || e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
        </span>
      ))}
    </div>
  );
}
