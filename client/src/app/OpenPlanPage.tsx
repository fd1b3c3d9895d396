import { useQuery } from '@apollo/client/react';
import { charCount, parseCpr } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../core/format';
import { label, PROGRAMME_TYPE_LABELS } from '../core/labels';
import { Link, navigate, paths } from '../core/router';
import { ErrorNotice } from '../core/ui';
import { graphql } from '../gql';
import type { OpenPlanSearchQuery } from '../gql/graphql';

/** How many plans one search shows; a search that finds more asks for more of the name. */
export const OPEN_PLAN_HITS = 20;
/** The longest search the server takes (caseload.service.ts, SEARCH_MAX). */
const SEARCH_MAX_CHARS = 100;

/**
 * The caller's own plans (Mine sager's search on the server: plans they coordinate, or whose
 * team their unit is on), running and ended: exactly the plans they may open. The server
 * writes each citizen found in their access log.
 */
export const OpenPlanSearchDoc = graphql(`
  query OpenPlanSearch($first: Int!, $filter: CaseloadFilter!) {
    caseload(first: $first, filter: $filter) {
      items {
        id
        programme {
          id
          type
          status
          endDate
        }
        citizen {
          id
          name
          cpr
        }
      }
      totalCount
    }
  }
`);

type FoundPlan = OpenPlanSearchQuery['caseload']['items'][number];

const PLAN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A plan's address anywhere in a pasted link ("https://…/plan/<id>/min-plan", with or without the scheme). */
const PLAN_IN_LINK = /(?:^|\/)plan\/([^/?#\s]+)/;

/** The plan a pasted id or link names; null for a name or a CPR number, which are searched for. */
export function planIdIn(text: string): string | null {
  if (PLAN_ID.test(text)) return text;
  const link = PLAN_IN_LINK.exec(text);
  if (!link) return null;
  try {
    return decodeURIComponent(link[1]!);
  } catch {
    return null;
  }
}

/** What is wrong with a search before it is sent, in the words of the field; null when it may go. */
function searchProblem(text: string): string | null {
  if (!text) return 'Skriv et navn, et CPR-nummer eller planens id.';
  if (charCount(text) > SEARCH_MAX_CHARS) return `Søgningen må højst være ${SEARCH_MAX_CHARS} tegn.`;
  // A name has no digits: anything with one is a CPR number, and the server finds only a whole one.
  if (!/\d/.test(text)) return null;
  const parsed = parseCpr(text);
  return parsed.ok ? null : parsed.problem;
}

/** "Ressourceforløb, igangværende" or "Jobafklaringsforløb, afsluttet 3. marts 2026". */
function programmeText(programme: FoundPlan['programme']): string {
  const type = label(PROGRAMME_TYPE_LABELS, programme.type);
  return programme.status === 'ENDED' ? `${type}, afsluttet ${formatDate(programme.endDate)}` : `${type}, igangværende`;
}

function resultText(found: number, total: number): string {
  if (total === 0) return 'Ingen planer fundet blandt dem, du har adgang til.';
  if (found < total) return `Viser de første ${found} af ${total} planer. Skriv mere af navnet, eller søg på CPR-nummeret.`;
  return `${total} ${total === 1 ? 'plan' : 'planer'} fundet`;
}

/**
 * Åbn en plan: find it by the citizen's name or CPR number among the plans the caseworker
 * works on (Mine sager lists the running ones), or open it by a pasted id or link (copied
 * from another system, or sent by a colleague).
 */
export function OpenPlanPage() {
  const id = useId();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [searched, setSearched] = useState<string | null>(null);
  const planField = useRef<HTMLInputElement>(null);
  const { data, loading, error, refetch } = useQuery(OpenPlanSearchDoc, {
    variables: { first: OPEN_PLAN_HITS, filter: { search: searched ?? '' } },
    skip: searched === null,
    // Each search is a lookup of its own, in the access log as such: never answered from an earlier one.
    fetchPolicy: 'network-only',
  });

  useEffect(() => {
    document.title = 'Åbn en plan – Samplan';
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = text.trim();
    const planId = value ? planIdIn(value) : null;
    if (planId) {
      navigate(paths.plan(planId));
      return;
    }
    const wrong = searchProblem(value);
    if (wrong) {
      setProblem(wrong);
      // To the field, as the other forms do: a screen reader reads it with its problem.
      planField.current?.focus();
      return;
    }
    setSearched(value);
  };

  const plans = searched !== null && !loading ? data?.caseload.items : undefined;
  const status = searched === null || error ? '' : loading || !data ? 'Søger…' : resultText(data.caseload.items.length, data.caseload.totalCount);

  return (
    <>
      <h1 tabIndex={-1}>Åbn en plan</h1>
      <p>Samplan samler borgerens plan på tværs af jobcenter, socialforvaltning og sundhed.</p>
      <section className="card" aria-labelledby="open-plan-heading">
        <h2 id="open-plan-heading">Find planen</h2>
        {/* A lookup, not work: leaving with something typed asks nothing (core/unsaved-text.ts). */}
        <form className="inline-form" role="search" aria-labelledby="open-plan-heading" onSubmit={submit} noValidate data-leave-freely>
          <div className="field">
            <label htmlFor={`${id}-plan`}>Navn, CPR-nummer eller planens id</label>
            <p className="hint" id={`${id}-hint`}>
              Du finder de planer, du har adgang til. Du kan også indsætte et link til planen.
            </p>
            <input
              id={`${id}-plan`}
              ref={planField}
              name="plan"
              type="search"
              autoComplete="off"
              spellCheck={false}
              value={text}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? `${id}-error ${id}-hint` : `${id}-hint`}
              onChange={(e) => {
                setText(e.target.value);
                setProblem(null);
              }}
            />
            {problem ? (
              <p className="field-error" id={`${id}-error`}>
                {problem}
              </p>
            ) : null}
          </div>
          <button type="submit" className="button">
            Find plan
          </button>
        </form>
      </section>
      {/* Always there, so what a search found is read out when it comes. */}
      <p className="result-count" role="status" data-testid="open-plan-result">
        {status}
      </p>
      {error ? <ErrorNotice error={error} title="Søgningen kunne ikke gennemføres" onRetry={() => void refetch().catch(() => undefined)} /> : null}
      {plans?.length === 0 ? <p>Du har adgang til planer, du koordinerer, og planer, hvor din enhed er på teamet.</p> : null}
      {plans?.length ? (
        <ul className="caseload" aria-label="Fundne planer">
          {plans.map((plan) => (
            <li key={plan.id} className="case" data-testid="found-plan">
              <h3 className="case-name">
                {/* One citizen may have had more than one forløb: each link says which plan it opens. */}
                <Link to={paths.plan(plan.id)} aria-label={`${plan.citizen.name}, ${programmeText(plan.programme)}`}>
                  {plan.citizen.name}
                </Link>
              </h3>
              <dl className="facts facts-compact">
                <div>
                  <dt>CPR-nummer</dt>
                  <dd>{plan.citizen.cpr ?? '–'}</dd>
                </div>
                <div>
                  <dt>Forløb</dt>
                  <dd>{programmeText(plan.programme)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}
