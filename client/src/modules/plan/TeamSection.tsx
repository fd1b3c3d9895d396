import { useMutation } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { ConfirmQuestion } from '../../core/forms/FormParts';
import { ErrorNotice } from '../../core/ui';
import { formSaved } from '../../core/unsaved-text';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { useOpenUnits } from '../org/units';
import { usePlanAccessLost, usePlanOpen } from './planOpen';

/**
 * Enhederne på planen: the units working in the plan. The coordinator adds one of the
 * municipality's open units, or removes one (not their own) after a confirmation, as its
 * staff lose access to the plan. Units are picked by id: a municipality may have several of one kind.
 */

export const TeamFragment = graphql(`
  fragment TeamSection_Plan on Plan {
    id
    myStanding
    team {
      id
      kind
      name
    }
    coordinator {
      id
      unit {
        id
      }
    }
  }
`);

export const AddTeamUnitMutation = graphql(`
  mutation AddTeamUnit($planId: ID!, $unitId: ID!) {
    addTeamUnit(planId: $planId, unitId: $unitId) {
      id
      team {
        id
        kind
        name
      }
    }
  }
`);

export const RemoveTeamUnitMutation = graphql(`
  mutation RemoveTeamUnit($planId: ID!, $unitId: ID!) {
    removeTeamUnit(planId: $planId, unitId: $unitId) {
      id
      team {
        id
        kind
        name
      }
    }
  }
`);

export function TeamSection(props: { plan: FragmentType<typeof TeamFragment>; onChanged: () => void }) {
  const plan = getFragmentData(TeamFragment, props.plan);
  const id = useId();
  const highlight = useHighlight('section:team');
  const open = usePlanOpen();
  // Taken from me (planOpen.ts): removing a unit, which the server takes after the end, is refused now.
  const accessLost = usePlanAccessLost();
  const coordinator = plan.myStanding === 'COORDINATOR' && !accessLost;
  const [add, adding] = useMutation(AddTeamUnitMutation);
  const [remove, removing] = useMutation(RemoveTeamUnitMutation);
  const { units } = useOpenUnits();
  const [confirm, setConfirm] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState<{ text: string; focus: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = units.filter((u) => !plan.team.some((t) => t.id === u.id));
  // The question and its buttons replace the focused control, and a removed unit takes its
  // row along: focus goes to what is there after the change, never to the page's top.
  const removeButtons = useRef(new Map<string, HTMLButtonElement>());
  const messageRef = useRef<HTMLParagraphElement>(null);
  const focusRemove = useRef<string | null>(null);

  useEffect(() => {
    const unitId = focusRemove.current;
    focusRemove.current = null;
    if (unitId) removeButtons.current.get(unitId)?.focus();
  });

  useEffect(() => {
    if (message?.focus) messageRef.current?.focus();
  }, [message]);

  const run = async (what: () => Promise<unknown>, done: string, focusMessage = false): Promise<boolean> => {
    setError(null);
    setMessage(null);
    try {
      await what();
      setMessage({ text: done, focus: focusMessage });
      props.onChanged();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  /** Back from the question to the unit's "Fjern" button. */
  const closeQuestion = (unitId: string) => {
    focusRemove.current = unitId;
    setConfirm(null);
  };

  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="team-heading" data-testid="team-section">
      <h2 id="team-heading">Enheder på planen</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="team-list">
        {plan.team.map((u) => (
          <li key={u.id}>
            <span>{u.name}</span>
            {coordinator && u.id !== plan.coordinator?.unit?.id ? (
              confirm === u.id ? (
                // Takes focus, so a screen reader reads the question.
                <ConfirmQuestion
                  id={`${id}-remove`}
                  question={`Fjern ${u.name}? Deres medarbejdere mister adgangen til planen.`}
                  confirmLabel="Ja, fjern"
                  busyLabel="Fjerner…"
                  busy={removing.loading}
                  onConfirm={() => {
                    void run(() => remove({ variables: { planId: plan.id, unitId: u.id } }), `${u.name} er fjernet fra teamet.`, true).then((removed) => {
                      // Removed: the row is gone and the message has the focus. Refused: the error is
                      // announced, and focus goes back to "Fjern" to try again.
                      if (removed) setConfirm(null);
                      else closeQuestion(u.id);
                    });
                  }}
                  onCancel={() => closeQuestion(u.id)}
                />
              ) : (
                <button
                  type="button"
                  ref={(button) => {
                    if (button) removeButtons.current.set(u.id, button);
                    else removeButtons.current.delete(u.id);
                  }}
                  className="button button-secondary button-small"
                  onClick={() => setConfirm(u.id)}
                >
                  Fjern<span className="visually-hidden"> {u.name}</span>
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      {message ? (
        <p ref={messageRef} tabIndex={-1} className="notice notice-info" role="status" data-testid="team-notice">
          {message.text}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} title="Teamet blev ikke ændret" /> : null}
      {coordinator && open && missing.length ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            if (!choice) return;
            const name = units.find((u) => u.id === choice)?.name ?? 'Enheden';
            // Adding the last unit missing takes the form away: then focus goes to the message.
            void run(() => add({ variables: { planId: plan.id, unitId: choice } }), `${name} er tilføjet teamet.`, missing.length === 1).then((added) => {
              // A refusal keeps the unit chosen, to send again or change; added, nothing in the form is unsaved.
              if (!added) return;
              setChoice('');
              formSaved(form);
            });
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-unit`}>Tilføj enhed</label>
            <select id={`${id}-unit`} value={choice} onChange={(e) => setChoice(e.target.value)}>
              <option value="">Vælg enhed</option>
              {missing.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button" disabled={!choice || adding.loading}>
            Tilføj
          </button>
        </form>
      ) : null}
    </section>
  );
}
