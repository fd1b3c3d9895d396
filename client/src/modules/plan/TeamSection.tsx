import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useFocusKeptWhenTaken } from '../../core/focus-kept';
import { CloseOnly, ConfirmQuestion } from '../../core/forms/FormParts';
import { ErrorNotice } from '../../core/ui';
import { formSaved } from '../../core/unsaved-text';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { EndProgrammeFactsQuery as PlanFacts } from '../../gql/graphql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { useOpenUnits } from '../org/units';
import { danishList } from '../presence/presence';
import { usePlanAccessLost, usePlanOpen } from './planOpen';
// OPEN_INTERVENTION: the statuses the server counts as not ended when it refuses to take a unit off a running plan (UNIT_HAS_OPEN_INTERVENTIONS).
import { EndProgrammeFactsQuery, OPEN_INTERVENTION } from './ProgrammeEndForms';

/**
 * Enhederne på planen: the units working in the plan. The coordinator adds one of the
 * municipality's open units, or removes one (not their own) after a confirmation, as its
 * staff lose access to the plan. Units are picked by id: a municipality may have several of one kind.
 * While the programme runs, a unit whose interventions on the plan have not ended cannot be
 * taken off (the server's refuseOpenInterventions): "Fjern" then says why instead of asking.
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

type PlanIntervention = NonNullable<PlanFacts['plan']>['interventions'][number];

/** The unit's interventions on the plan that keep it on the team while the programme runs. */
function interventionsHolding(interventions: readonly PlanIntervention[], unitId: string): PlanIntervention[] {
  return interventions.filter((i) => i.unit?.id === unitId && OPEN_INTERVENTION.includes(i.status));
}

/** Why the unit cannot be taken off, in the words of the server's refusal, naming the interventions. */
function cannotRemoveText(unitName: string, held: readonly PlanIntervention[]): string {
  const named = danishList(held.map((i) => `»${i.title}«`));
  return held.length === 1
    ? `${unitName} kan ikke fjernes fra teamet, fordi enheden har en indsats på planen, der ikke er afsluttet: ${named}. Enheden skal sætte den til Afsluttet (eller Annulleret, hvis den aldrig er begyndt), før enheden fjernes fra teamet.`
    : `${unitName} kan ikke fjernes fra teamet, fordi enheden har indsatser på planen, der ikke er afsluttet: ${named}. Enheden skal sætte dem til Afsluttet (eller Annulleret, hvis de aldrig er begyndt), før enheden fjernes fra teamet.`;
}

/** Said in place of the question, with the focus, so a screen reader reads it; "Luk" goes back. */
function CannotRemove(props: { id: string; text: string; onClose: () => void }) {
  const text = useRef<HTMLParagraphElement>(null);
  useEffect(() => text.current?.focus(), []);
  return (
    <div className="confirm-box" role="group" aria-labelledby={props.id}>
      <p id={props.id} ref={text} tabIndex={-1} className="notice notice-info">
        {props.text}
      </p>
      <CloseOnly onClose={props.onClose} />
    </div>
  );
}

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
  // The unit whose "Fjern" was answered with why it cannot be taken off.
  const [explain, setExplain] = useState<string | null>(null);
  // The plan page's interventions (cache only): an intervention ended meanwhile, live, frees its unit.
  const { data: factsData } = useQuery(EndProgrammeFactsQuery, { variables: { id: plan.id }, fetchPolicy: 'cache-only' });
  // An ended programme changes no intervention any more: then a unit may always be taken off
  // (the server lifts the rule). Here the plan is closed only by its end: a plan taken from
  // the user offers no "Fjern" at all.
  const holding = (unitId: string) => (open ? interventionsHolding(factsData?.plan?.interventions ?? [], unitId) : []);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState<{ text: string; focus: boolean } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = units.filter((u) => !plan.team.some((t) => t.id === u.id));
  // The question and its buttons replace the focused control, and a removed unit takes its
  // row along: focus goes to what is there after the change, never to the page's top.
  const removeButtons = useRef(new Map<string, HTMLButtonElement>());
  const messageRef = useRef<HTMLParagraphElement>(null);
  const focusRemove = useRef<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  // Its interventions ended meanwhile: the explanation goes, and "Fjern" asks again.
  const explainGone = explain !== null && holding(explain).length === 0;
  useFocusKeptWhenTaken(sectionRef, explainGone, {
    get current() {
      return explain ? (removeButtons.current.get(explain) ?? null) : null;
    },
  });
  useEffect(() => {
    if (explainGone) setExplain(null);
  }, [explainGone]);

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

  /** Back from the question, or the explanation, to the unit's "Fjern" button. */
  const closeQuestion = (unitId: string) => {
    focusRemove.current = unitId;
    setConfirm(null);
    setExplain(null);
  };

  /** "Fjern": the question, or why the unit cannot be taken off while the programme runs. */
  const askRemove = (unitId: string) => {
    const held = holding(unitId).length > 0;
    setExplain(held ? unitId : null);
    setConfirm(held ? null : unitId);
  };

  return (
    <section ref={sectionRef} className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="team-heading" data-testid="team-section">
      <h2 id="team-heading">Enheder på planen</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="team-list">
        {plan.team.map((u) => (
          <li key={u.id}>
            <span>{u.name}</span>
            {coordinator && u.id !== plan.coordinator?.unit?.id ? (
              explain === u.id && !explainGone ? (
                <CannotRemove id={`${id}-cannot-remove`} text={cannotRemoveText(u.name, holding(u.id))} onClose={() => closeQuestion(u.id)} />
              ) : confirm === u.id ? (
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
                  onClick={() => askRemove(u.id)}
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
