/**
 * Form controls for the run settings. Like the inspector's fields, a typed value is applied as
 * soon as it is valid, and an invalid one stays in the box with the reason under it.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import type { z } from 'zod';

interface FieldFrame {
  label: string;
  hint?: ReactNode;
  testId: string;
  /** Spans both columns of the settings grid. */
  wide?: boolean;
}

function Frame({
  label,
  hint,
  testId,
  wide,
  error,
  inputId,
  children,
}: FieldFrame & { error?: string | null; inputId: string; children: ReactNode }) {
  return (
    <div
      className={`field train-field${wide ? ' train-field--wide' : ''}`}
      data-invalid={error ? 'true' : undefined}
      data-testid={testId}
    >
      <label htmlFor={inputId} className="field__label">
        {label}
      </label>
      {children}
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field__help">{hint}</p>
      ) : null}
    </div>
  );
}

export function NumberField(
  props: FieldFrame & {
    value: number | undefined;
    schema: z.ZodType<number | undefined>;
    onChange: (value: number | undefined) => void;
    /** Shown when the field is empty and empty is allowed (`all`). */
    placeholder?: string;
    optional?: boolean;
    suffix?: string;
  },
) {
  const inputId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const shown = draft ?? (props.value === undefined ? '' : String(props.value));
  return (
    <Frame {...props} error={error} inputId={inputId}>
      <div className="train-input">
        <input
          id={inputId}
          className="input input--mono"
          inputMode="decimal"
          spellCheck={false}
          autoComplete="off"
          value={shown}
          placeholder={props.placeholder}
          onChange={(e) => {
            const text = e.target.value.trim();
            setDraft(e.target.value);
            if (text === '' && props.optional) {
              setError(null);
              props.onChange(undefined);
              return;
            }
            const value = Number(text);
            if (text === '' || !Number.isFinite(value)) {
              setError('Type a number, like 0.001 or 1e-3.');
              return;
            }
            const checked = props.schema.safeParse(value);
            if (!checked.success) {
              setError(readable(checked.error.issues[0]?.message ?? 'Out of range.'));
              return;
            }
            setError(null);
            props.onChange(value);
          }}
          onBlur={() => {
            setDraft(null);
            setError(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
          }}
        />
        {props.suffix ? <span className="train-input__suffix">{props.suffix}</span> : null}
      </div>
    </Frame>
  );
}

export function TextField(
  props: FieldFrame & { value: string; placeholder?: string; onChange: (value: string) => void },
) {
  const inputId = useId();
  const [draft, setDraft] = useState<string | null>(null);
  return (
    <Frame {...props} inputId={inputId}>
      <input
        id={inputId}
        className="input input--mono"
        spellCheck={false}
        autoComplete="off"
        value={draft ?? props.value}
        placeholder={props.placeholder}
        onChange={(e) => {
          setDraft(e.target.value);
          props.onChange(e.target.value);
        }}
        onBlur={() => setDraft(null)}
        onKeyDown={(e) => {
          if (e.key === 'Escape' || e.key === 'Enter') e.currentTarget.blur();
        }}
      />
    </Frame>
  );
}

export function SelectField<T extends string>(
  props: FieldFrame & {
    value: T;
    options: readonly { value: T; label: string }[];
    onChange: (value: T) => void;
  },
) {
  const inputId = useId();
  return (
    <Frame {...props} inputId={inputId}>
      <select
        id={inputId}
        className="input"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function SwitchField(
  props: FieldFrame & { value: boolean; onChange: (value: boolean) => void },
) {
  const inputId = useId();
  return (
    <div
      className={`train-switch${props.wide ? ' train-field--wide' : ''}`}
      data-testid={props.testId}
    >
      <label className="switch" htmlFor={inputId}>
        <input
          id={inputId}
          type="checkbox"
          checked={props.value}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <span className="switch__track" aria-hidden="true" />
        <span className="switch__text">{props.label}</span>
      </label>
      {props.hint ? <p className="field__help">{props.hint}</p> : null}
    </div>
  );
}

/** zod's "Too small: expected number to be >=1" as a sentence: "Must be at least 1." */
function readable(message: string): string {
  const bound = /expected number to be ([<>]=?)(\S+)/.exec(message);
  if (bound) {
    const [, op, limit] = bound;
    const words = { '>=': 'at least', '>': 'above', '<=': 'at most', '<': 'below' }[
      op as '>=' | '>' | '<=' | '<'
    ];
    return `Must be ${words} ${limit}.`;
  }
  if (/expected int/.test(message)) return 'Must be a whole number.';
  return message;
}
