import { useEffect, useId, useState, type FormEvent } from 'react';
import { navigate, paths } from '../core/router';

/** Åbn en plan by its id (e.g. copied from another system); Mine sager lists the usual ones. */
export function OpenPlanPage() {
  const id = useId();
  const [planId, setPlanId] = useState('');
  const [invalid, setInvalid] = useState(false);

  useEffect(() => {
    document.title = 'Åbn en plan – Samplan';
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = planId.trim();
    if (!value) {
      setInvalid(true);
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
        <form className="inline-form" onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor={`${id}-plan`}>Planens id</label>
            <input
              id={`${id}-plan`}
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
