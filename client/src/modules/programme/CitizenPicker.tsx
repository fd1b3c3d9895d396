import { useApolloClient } from '@apollo/client/react';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { describeError } from '../../core/errors';
import { FieldError } from '../../core/ui';
import { graphql } from '../../gql';
import { citizenLabel, NEW_CITIZEN, type CitizenChoice } from './newProgramme';

/** Staff's citizen search: an exact CPR number or part of a name (server: modules/plan/citizen.service.ts). */
export const CitizenSearchQuery = graphql(`
  query CitizenSearch($search: String!) {
    citizens(search: $search) {
      id
      name
      cpr
      birthDate
      hasActiveProgramme
    }
  }
`);

/** A search the page asks for: after DUPLICATE_CITIZEN, the CPR number typed, and the existing citizen to pick when the server named them. */
export interface SearchRequest {
  text: string;
  pick?: string;
}

/**
 * "Find borger": type a CPR number or a name, pick a hit, or choose to register a new
 * citizen (the fields below it, on the page). Every search is a lookup in the citizens'
 * access logs, so it runs when asked (the button or Enter), never per keystroke, and its
 * hits are not kept in the client's cache.
 */
export function CitizenPicker(props: {
  id: string;
  choice: string;
  /** The hit chosen (its birth date judges the age rules before sending), or NEW_CITIZEN. */
  onChoose: (choice: string, citizen?: CitizenChoice) => void;
  problem?: string;
  request?: SearchRequest | null;
  /** A search that found nobody, with what was searched for (the page offers it to the registration). */
  onNothingFound?: (text: string) => void;
}) {
  const { id, choice, onChoose, problem, request, onNothingFound } = props;
  const client = useApolloClient();
  const [text, setText] = useState('');
  const [hits, setHits] = useState<CitizenChoice[] | null>(null);
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async (query: string, pick?: string) => {
    if (!query.trim()) {
      setSearchProblem('Skriv et CPR-nummer eller en del af navnet.');
      return;
    }
    setBusy(true);
    setSearchProblem(null);
    try {
      const result = await client.query({ query: CitizenSearchQuery, variables: { search: query.trim() }, fetchPolicy: 'no-cache' });
      const found = result.data?.citizens ?? [];
      setHits(found);
      const picked = pick ? found.find((h) => h.id === pick) : undefined;
      if (picked) onChoose(picked.id, picked);
      else if (found.length === 0 || !found.some((h) => h.id === choice)) onChoose(NEW_CITIZEN);
      if (found.length === 0) onNothingFound?.(query.trim());
    } catch (e) {
      setHits(null);
      // The server's own words where it has them ("Skriv mindst 2 tegn …"), else the general text.
      const info = describeError(e);
      setSearchProblem(info.detail ?? info.message);
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    if (!request) return;
    setText(request.text);
    void search(request.text, request.pick);
    // Only a new request searches (the page makes a new object each time it asks); `search` is made anew each render.
  }, [request]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter') return;
    // Enter searches here; it does not send the whole form.
    e.preventDefault();
    void search(text);
  };

  const error = searchProblem ?? problem;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-search`}>Find borger</label>
        <p className="hint" id={`${id}-search-hint`}>
          Skriv et CPR-nummer eller en del af navnet. Søgningen står i borgerens adgangslog.
        </p>
        <input
          id={`${id}-search`}
          name="citizenSearch"
          type="search"
          autoComplete="off"
          value={text}
          aria-describedby={[`${id}-search-hint`, error ? `${id}-search-error` : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
        />
        <FieldError id={`${id}-search-error`} message={error} />
        <p className="actions">
          <button type="button" className="button button-secondary" disabled={busy} onClick={() => void search(text)}>
            {busy ? 'Søger…' : 'Søg'}
          </button>
        </p>
      </div>
      {hits && hits.length > 0 ? (
        // The number found is said to a screen reader as the list comes, as "Ingen borger fundet" is.
        <p className="visually-hidden" role="status" data-testid="citizen-hit-count">
          {hits.length === 1 ? '1 borger fundet. Vælg borgeren herunder.' : `${hits.length} borgere fundet. Vælg borgeren herunder.`}
        </p>
      ) : null}
      {hits && hits.length > 0 ? (
        <fieldset className="checkbox-group" data-testid="citizen-hits">
          <legend>Vælg borger</legend>
          {hits.map((h) => (
            <div className="checkbox" key={h.id}>
              <input id={`${id}-hit-${h.id}`} type="radio" name={`${id}-citizen`} checked={choice === h.id} onChange={() => onChoose(h.id, h)} />
              <label htmlFor={`${id}-hit-${h.id}`}>{citizenLabel(h)}</label>
            </div>
          ))}
          <div className="checkbox">
            <input id={`${id}-hit-new`} type="radio" name={`${id}-citizen`} checked={choice === NEW_CITIZEN} onChange={() => onChoose(NEW_CITIZEN)} />
            <label htmlFor={`${id}-hit-new`}>Opret ny borger</label>
          </div>
        </fieldset>
      ) : hits ? (
        <p className="notice notice-info" role="status">
          Ingen borger fundet. Opret borgeren herunder.
        </p>
      ) : null}
    </>
  );
}
