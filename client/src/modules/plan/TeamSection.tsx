import { useMutation } from '@apollo/client/react';
import { useId, useState } from 'react';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';
import { useOpenUnits } from '../org/units';
import { usePlanOpen } from './planOpen';

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
  const coordinator = plan.myStanding === 'COORDINATOR';
  const [add, adding] = useMutation(AddTeamUnitMutation);
  const [remove, removing] = useMutation(RemoveTeamUnitMutation);
  const { units } = useOpenUnits();
  const [confirm, setConfirm] = useState<string | null>(null);
  const [choice, setChoice] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const missing = units.filter((u) => !plan.team.some((t) => t.id === u.id));

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
      <h2 id="team-heading">Enheder på planen</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="team-list">
        {plan.team.map((u) => (
          <li key={u.id}>
            <span>{u.name}</span>
            {coordinator && u.id !== plan.coordinator?.unit?.id ? (
              confirm === u.id ? (
                <span className="confirm" role="group" aria-label={`Bekræft fjernelse af ${u.name}`}>
                  <span>Fjern {u.name}? Deres medarbejdere mister adgangen til planen.</span>
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={removing.loading}
                    onClick={() => {
                      setConfirm(null);
                      void run(() => remove({ variables: { planId: plan.id, unitId: u.id } }), `${u.name} er fjernet fra teamet.`);
                    }}
                  >
                    Ja, fjern
                  </button>
                  <button type="button" className="button button-secondary" onClick={() => setConfirm(null)}>
                    Fortryd
                  </button>
                </span>
              ) : (
                <button type="button" className="button button-secondary button-small" onClick={() => setConfirm(u.id)}>
                  Fjern<span className="visually-hidden"> {u.name}</span>
                </button>
              )
            ) : null}
          </li>
        ))}
      </ul>
      <StatusNotice message={message} />
      {error ? <ErrorNotice error={error} title="Teamet blev ikke ændret" /> : null}
      {coordinator && open && missing.length ? (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!choice) return;
            const name = units.find((u) => u.id === choice)?.name ?? 'Enheden';
            void run(() => add({ variables: { planId: plan.id, unitId: choice } }), `${name} er tilføjet teamet.`).then(() => setChoice(''));
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
