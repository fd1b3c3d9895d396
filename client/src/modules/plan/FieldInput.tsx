import type { Ref } from 'react';
import type { EditField } from './interventionFields';

/** One labelled field of an edit form, with its hint and its error tied to it. */
export function FieldInput(props: {
  id: string;
  field: EditField;
  value: string;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
  onChange: (value: string) => void;
}) {
  const { id, field, value, error } = props;
  const describedBy = [field.hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
  };
  let control;
  if (field.input === 'textarea') {
    control = <textarea {...common} rows={3} className="plain-textarea" onChange={(e) => props.onChange(e.target.value)} />;
  } else if (field.input === 'select') {
    control = (
      <select {...common} onChange={(e) => props.onChange(e.target.value)}>
        {field.required || field.key === 'status' ? null : <option value="">(ikke angivet)</option>}
        {field.options?.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        {...common}
        ref={props.inputRef}
        type={field.input === 'date' ? 'date' : field.input === 'datetime' ? 'datetime-local' : 'text'}
        inputMode={field.input === 'decimal' ? 'decimal' : field.input === 'integer' ? 'numeric' : undefined}
        autoComplete="off"
        onChange={(e) => props.onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={`field${field.input === 'textarea' ? ' field-wide' : ''}`}>
      <label htmlFor={id}>{field.label}</label>
      {field.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      ) : null}
      {control}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}
