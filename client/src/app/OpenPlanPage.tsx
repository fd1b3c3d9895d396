import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { navigate, paths } from '../core/router';

/** Åbn en plan by its id (e.g. copied from another system); Mine sager lists the usual ones. */
export function OpenPlanPage() {
  const id = useId();
  const [planId, setPlanId] = useState('');
  const [invalid, setInvalid] = useState(false);
  const planField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Åbn en plan – Samplan';
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = planId.trim();
    if (!value) {
      setInvalid(true);
      // To the field, as the other forms do: a screen reader reads it with its problem.
      planField.current?.focus();
      return;
    }
    navigate(paths.plan(value));
  };

  return (
    <>
      <h1 tabIndex={-1}>Åbn en plan</h1>
      <p>Samplan samler borgerens plan på tværs af jobcenter, socialforvaltning og sundhed.</p>
      <section className="card" aria-labelledby="open-plan-heading">
        <h2 id="open-plan-heading">Planens id</h2>
        {/* A lookup, not work: leaving with an id typed asks nothing (core/unsaved-text.ts). */}
        <form className="inline-form" onSubmit={submit} noValidate data-leave-freely>
          <div className="field">
            <label htmlFor={`${id}-plan`}>Planens id</label>
            <input
              id={`${id}-plan`}
              ref={planField}
              name="plan"
              autoComplete="off"
              spellCheck={false}
              value={planId}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? `${id}-error` : undefined}
              onChange={(e) => {
                setPlanId(e.target.value);
                setInvalid(false);
              }}
            />
            {invalid ? (
              <p className="field-error" id={`${id}-error`}>
                Skriv planens id.
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            Åbn plan
          </button>
        </form>
      </section>
    </>
  );
}
