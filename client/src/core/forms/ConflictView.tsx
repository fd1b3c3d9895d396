import { useEffect, useId, useRef, type ReactNode } from 'react';
import { formatWhen } from '../format';
import { ErrorNotice } from '../ui';

export interface ConflictField {
  key: string;
  label: string;
  /** How a value is shown (labels for codes, dates in Danish). */
  format?: (value: unknown) => string;
}

function show(field: ConflictField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(tom)';
  return field.format ? field.format(value) : String(value);
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? '') === (b ?? '') || String(a ?? '') === String(b ?? '');
}

/**
 * Konflikt: the user saved over a newer change. Shows both versions side by side, the
 * fields the user changed and the fields the other person changed, and lets the user
 * keep their own or take the other. Nothing is saved until they choose.
 */
export function ConflictView(props: {
  title: string;
  fields: readonly ConflictField[];
  /** What the user had when they started editing. */
  base: Record<string, unknown>;
  /** The user's changed fields only. */
  mine: Record<string, unknown>;
  /** The record as saved now (extensions.current). */
  theirs: Record<string, unknown>;
  /** Who saved the newer version, when known. */
  theirAuthor?: string | null;
  busy?: boolean;
  error?: unknown;
  onKeepMine: () => void;
  onTakeTheirs: () => void;
  extra?: ReactNode;
}) {
  const { fields, base, mine, theirs } = props;
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const rows = fields.filter((f) => f.key in mine || !same(theirs[f.key], base[f.key]));
  const updatedAt = typeof theirs.updatedAt === 'string' ? theirs.updatedAt : null;

  return (
    <section className="conflict" aria-labelledby={`${id}-heading`} data-testid="conflict-view">
      <h4 id={`${id}-heading`} ref={heading} tabIndex={-1} className="conflict-heading">
        {props.title} er ændret af en anden, mens du redigerede
      </h4>
      <p>
        {props.theirAuthor ? `${props.theirAuthor} gemte` : 'Der blev gemt'} en nyere udgave
        {updatedAt ? (
          <>
            {' '}
            <time dateTime={updatedAt}>{formatWhen(updatedAt)}</time>
          </>
        ) : null}
        . Intet er overskrevet. Vælg, hvilken udgave der skal gælde.
      </p>
      <div className="table-scroll">
        <table className="conflict-table">
          <caption className="visually-hidden">Din udgave og den nyeste gemte udgave</caption>
          <thead>
            <tr>
              <th scope="col">Felt</th>
              <th scope="col">Din udgave</th>
              <th scope="col">Nyeste gemte udgave</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => {
              const mineChanged = f.key in mine;
              const theirsChanged = !same(theirs[f.key], base[f.key]);
              return (
                <tr key={f.key}>
                  <th scope="row">{f.label}</th>
                  <td className={mineChanged ? 'conflict-changed' : undefined}>
                    {mineChanged ? show(f, mine[f.key]) : show(f, base[f.key])}
                    {mineChanged ? <span className="conflict-note"> (din ændring)</span> : <span className="conflict-note"> (ikke ændret af dig)</span>}
                  </td>
                  <td className={theirsChanged ? 'conflict-changed' : undefined}>
                    {show(f, theirs[f.key])}
                    {theirsChanged ? <span className="conflict-note"> (ændret)</span> : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.error ? <ErrorNotice error={props.error} title="Det kunne ikke gemmes" /> : null}
      {props.extra}
      <p className="actions">
        <button type="button" className="button" onClick={props.onKeepMine} disabled={props.busy}>
          Behold min ændring
        </button>
        <button type="button" className="button button-secondary" onClick={props.onTakeTheirs} disabled={props.busy}>
          Tag den nyeste udgave
        </button>
      </p>
      <p className="hint">
        “Behold min ændring” gemmer dine ændrede felter oven på den nyeste udgave. “Tag den nyeste udgave” dropper dine ændringer.
      </p>
    </section>
  );
}
