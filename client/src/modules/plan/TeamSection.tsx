import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { UNIT_CODE_LABELS, UNIT_CODES } from '../../core/labels';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { UnitCode } from '../../gql/graphql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';

/**
 * Forvaltninger på planen: the units working in the plan. The coordinator adds a unit, or removes one
 * (not their own) after a confirmation, as its staff lose access to the plan.
 */

export const TeamFragment = graphql(`
  fragment TeamSection_Plan on Plan {
    id
    myStanding
    team {
      id
      code
      name
    }
    coordinator {
      id
      unit {
        id
        code
      }
    }
  }
`);

export const AddTeamUnitMutation = graphql(`
  mutation AddTeamUnit($planId: ID!, $unit: UnitCode!) {
    addTeamUnit(planId: $planId, unit: $unit) {
      id
      team {
        id
        code
        name
      }
    }
  }
`);

export const RemoveTeamUnitMutation = graphql(`
  mutation RemoveTeamUnit($planId: ID!, $unit: UnitCode!) {
    removeTeamUnit(planId: $planId, unit: $unit) {
      id
      team {
        id
        code
        name
      }
    }
  }
`);

export function TeamSection(props: { plan: FragmentType<typeof TeamFragment>; onChanged: () => void }) {
  const plan = getFragmentData(TeamFragment, props.plan);
  const id = useId();
  const highlight = useHighlight('section:team');
  const coordinator = plan.myStanding === 'COORDINATOR';
  const [add, adding] = useMutation(AddTeamUnitMutation);
  const [remove, removing] = useMutation(RemoveTeamUnitMutation);
  const [confirm, setConfirm] = useState<UnitCode | null>(null);
  const [choice, setChoice] = useState<UnitCode | ''>('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = UNIT_CODES.filter((c) => !plan.team.some((u) => u.code === c));

  const run = async (what: () => Promise<unknown>, done: string) => {
    setError(null);
    setMessage(null);
    try {
      await what();
      setMessage(done);
      props.onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="team-heading" data-testid="team-section">
      <h2 id="team-heading">Forvaltninger på planen</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="team-list">
        {plan.team.map((u) => (
          <li key={u.id}>
            <span>{u.name}</span>
            {coordinator && u.code !== plan.coordinator?.unit?.code ? (
              confirm === u.code ? (
                <span className="confirm" role="group" aria-label={`Bekræft fjernelse af ${u.name}`}>
                  <span>Fjern {u.name}? Deres medarbejdere mister adgangen til planen.</span>
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={removing.loading}
                    onClick={() => {
                      setConfirm(null);
                      void run(() => remove({ variables: { planId: plan.id, unit: u.code } }), `${u.name} er fjernet fra teamet.`);
                    }}
                  >
                    Ja, fjern
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setConfirm(null)}>
                    Fortryd
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-secondary button-small" onClick={() => setConfirm(u.code)}>
                  Fjern<span className="visually-hidden"> {u.name}</span>
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <StatusNotice message={message} />
      {error ? <ErrorNotice error={error} title="Teamet blev ikke ændret" /> : null}
      {coordinator && missing.length ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!choice) return;
            const name = UNIT_CODE_LABELS[choice];
            void run(() => add({ variables: { planId: plan.id, unit: choice } }), `${name} er tilføjet teamet.`).then(() => setChoice(''));
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-unit`}>Tilføj forvaltning</label>
            <select id={`${id}-unit`} value={choice} onChange={(e) => setChoice(e.target.value as UnitCode | '')}>
              <option value="">Vælg forvaltning</option>
              {missing.map((c) => (
                <option key={c} value={c}>
                  {UNIT_CODE_LABELS[c]}
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
