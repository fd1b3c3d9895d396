import { FieldError } from '../ui';
import { choicesOf, choicesText, hintOf, type EditField } from './fields';
import type { Problems } from './formErrors';
import { ErrorSummary } from './FormParts';

/** One labelled field of an edit form, with its hint and its error tied to it. */
export function FieldInput(props: {
  id: string;
  field: EditField;
  value: string;
  error?: string;
  onChange: (value: string) => void;
}) {
  const { id, field, value, error } = props;
  const hint = hintOf(field);
  const note = field.note?.(value) ?? null;
  const describedBy = [hint ? `${id}-hint` : null, note ? `${id}-note` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: field.key,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': field.required || undefined,
  };
  if (field.input === 'choices') return <ChoicesInput {...props} describedBy={describedBy} />;
  if (field.input === 'checkbox') {
    return (
      <div className="field field-wide">
        <p className="checkbox">
          <input
            id={id}
            name={field.key}
            type="checkbox"
            checked={value === 'true'}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
            onChange={(e) => props.onChange(e.target.checked ? 'true' : 'false')}
          />
          <label htmlFor={id}>{field.label}</label>
        </p>
        {field.hint ? (
          <p className="hint" id={`${id}-hint`}>
            {field.hint}
          </p>
        ) : null}
        <FieldError id={`${id}-error`} message={error} />
      </div>
    );
  }
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
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {control}
      {note ? (
        <p className="hint" id={`${id}-note`}>
          {note}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** Any number of a field's options, as check boxes in a group named by the field's label. */
function ChoicesInput(props: { id: string; field: EditField; value: string; error?: string; describedBy?: string; onChange: (value: string) => void }) {
  const { id, field, error } = props;
  const chosen = choicesOf(props.value);
  return (
    <fieldset className="field field-wide checkbox-group" id={id} tabIndex={-1} aria-describedby={props.describedBy} aria-invalid={error ? true : undefined}>
      <legend>{field.label}</legend>
      {field.hint ? (
        <p className="hint" id={`${id}-hint`}>
          {field.hint}
        </p>
      ) : null}
      {(field.options ?? []).map((o) => (
        <div className="checkbox" key={o.value}>
          <input
            id={`${id}-${o.value}`}
            type="checkbox"
            checked={chosen.includes(o.value)}
            onChange={(e) => props.onChange(choicesText(e.target.checked ? [...chosen, o.value] : chosen.filter((x) => x !== o.value)))}
          />
          <label htmlFor={`${id}-${o.value}`}>{o.label}</label>
        </div>
      ))}
      <FieldError id={`${id}-error`} message={error} />
    </fieldset>
  );
}

/** An edit form's fields in its grid, each with its problem, under the summary of all problems; ids are `{id}-{field key}`. */
export function FieldGrid(props: {
  id: string;
  fields: readonly EditField[];
  values: Readonly<Record<string, string>>;
  problems: Problems;
  onChange: (key: string, value: string) => void;
}) {
  return (
    <>
      <ErrorSummary problems={props.problems} fieldId={(key) => `${props.id}-${key}`} order={props.fields.map((f) => f.key)} />
      <div className="form-grid">
        {props.fields.map((f) => (
          <FieldInput
            key={f.key}
            id={`${props.id}-${f.key}`}
            field={f}
            value={props.values[f.key] ?? ''}
            error={props.problems[f.key]}
            onChange={(v) => props.onChange(f.key, v)}
          />
        ))}
      </div>
    </>
  );
}
