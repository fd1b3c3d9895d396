import { useMutation, useQuery } from '@apollo/client/react';
import { todayInDenmark } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { FieldInput } from '../../core/forms/FieldInput';
import { failureTitle, problemsFromServer, without } from '../../core/forms/formErrors';
import { useFieldValues } from '../../core/forms/useFieldValues';
import type { FormField } from '../../core/forms/VersionedEditForm';
import { UNIT_CODES, UNIT_CODE_LABELS } from '../../core/labels';
import { Link, navigate, paths } from '../../core/router';
import { ErrorNotice, FieldError } from '../../core/ui';
import { graphql } from '../../gql';
import type { GoalKind, ProgrammeType, UnitCode } from '../../gql/graphql';
import { useViewer } from '../org/viewer';
import {
  ALL_FIELDS,
  checkNewProgramme,
  CITIZEN_FIELDS,
  citizenChoices,
  citizenLabel,
  FIELD_ALIASES,
  NEW_CITIZEN,
  PLAN_START_FIELDS,
  PROGRAMME_FIELDS,
  RULE_FIELDS,
  type CitizenChoice,
} from './newProgramme';

/** Citizens I already know, from Mine sager (the API has no citizen search). */
export const KnownCitizensQuery = graphql(`
  query KnownCitizens {
    myCaseload {
      id
      citizen {
        id
        name
        birthDate
      }
    }
  }
`);

export const CreateCitizenMutation = graphql(`
  mutation CreateCitizen($input: CreateCitizenInput!) {
    createCitizen(input: $input) {
      id
      name
      birthDate
    }
  }
`);

export const CreateProgrammeMutation = graphql(`
  mutation CreateProgramme($input: CreateProgrammeInput!) {
    createProgramme(input: $input) {
      id
    }
  }
`);

/** Who may create a programme (server: STAFF on createCitizen and createProgramme). */
export function canCreateProgramme(role: string | null | undefined): boolean {
  return role === 'COORDINATOR' || role === 'CASEWORKER';
}

/**
 * /nyt-forloeb: a new ressourceforløb or jobafklaringsforløb with its plan. The citizen is
 * created here (or picked from Mine sager), then the programme; the one who creates it
 * becomes its coordinator. A citizen created before the programme was refused is kept,
 * so correcting the programme and trying again does not create the citizen twice.
 */
export function NewProgrammePage() {
  const id = useId();
  const viewer = useViewer();
  const known = useQuery(KnownCitizensQuery, { fetchPolicy: 'cache-first' });
  const [createCitizen] = useMutation(CreateCitizenMutation);
  const [createProgramme] = useMutation(CreateProgrammeMutation);
  const [choice, setChoice] = useState(NEW_CITIZEN);
  const { values, set, problems, setProblems } = useFieldValues(() => ({ startDate: todayInDenmark() }));
  const [team, setTeam] = useState<UnitCode[]>([]);
  const [error, setError] = useState<{ error: unknown; title: string } | null>(null);
  const [created, setCreated] = useState<CitizenChoice | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.title = 'Nyt forløb – Samplan';
  }, []);

  // After a refused attempt, to the first field at fault: the form is longer than a screen.
  useEffect(() => {
    if (attempt) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [attempt]);

  const myUnit = viewer?.unit?.code;
  const citizens = citizenChoices(known.data?.myCaseload ?? []);
  const newCitizen = !created && choice === NEW_CITIZEN;

  const field = (f: FormField) => (
    <FieldInput key={f.key} id={`${id}-${f.key}`} field={f} value={values[f.key] ?? ''} error={problems[f.key]} onChange={(v) => set(f.key, v)} />
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = checkNewProgramme(values, { newCitizen, today: todayInDenmark() });
    setProblems(found);
    setError(null);
    if (Object.keys(found).length) {
      setAttempt((n) => n + 1);
      return;
    }
    const text = (key: string) => (values[key] ?? '').trim();
    setBusy(true);
    let citizenId = created?.id ?? (choice === NEW_CITIZEN ? null : choice);
    let stage = 'Forløbet blev ikke oprettet';
    try {
      if (!citizenId) {
        stage = 'Borgeren blev ikke oprettet';
        const result = await createCitizen({
          variables: { input: { name: text('name'), birthDate: text('birthDate'), phone: text('phone') || null, address: text('address') || null } },
        });
        const citizen = result.data!.createCitizen;
        setCreated(citizen);
        citizenId = citizen.id;
        stage = 'Forløbet blev ikke oprettet';
      }
      const result = await createProgramme({
        variables: {
          input: {
            citizenId,
            type: text('type') as ProgrammeType,
            decisionDate: text('decisionDate'),
            jointPlanConsentOn: text('jointPlanConsentOn') || null,
            startDate: text('startDate'),
            endDate: text('endDate'),
            planPeriodEnd: text('planPeriodEnd'),
            employmentGoal: text('employmentGoal'),
            goalKind: text('goalKind') as GoalKind,
            teamUnits: UNIT_CODES.filter((c) => c === myUnit || team.includes(c)),
          },
        },
      });
      navigate(paths.plan(result.data!.createProgramme.id));
    } catch (e) {
      const fieldProblems = problemsFromServer(e, ALL_FIELDS, { ruleFields: RULE_FIELDS, aliases: FIELD_ALIASES });
      setProblems(fieldProblems);
      setError({ error: e, title: failureTitle(fieldProblems, stage) });
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  if (viewer && !canCreateProgramme(viewer.role)) {
    return (
      <>
        <h1 tabIndex={-1}>Nyt forløb</h1>
        <p className="notice notice-info">Kun sagsbehandlere kan oprette et forløb.</p>
        <p>
          <Link to={paths.home()}>Til Mine sager</Link>
        </p>
      </>
    );
  }

  return (
    <>
      <header className="page-header">
        <p className="eyebrow">Mine sager</p>
        <h1 id={`${id}-heading`} tabIndex={-1}>
          Nyt forløb
        </h1>
        <p className="page-header-meta">Opret borgerens forløb med plan. Du bliver koordinerende sagsbehandler.</p>
      </header>
      <form ref={form} onSubmit={submit} noValidate aria-labelledby={`${id}-heading`} data-testid="new-programme-form">
        <section className="card" aria-labelledby={`${id}-citizen-heading`}>
          <h2 id={`${id}-citizen-heading`}>Borger</h2>
          {created ? (
            <p className="notice notice-info" role="status" data-testid="citizen-created">
              {created.name}, født {formatDate(created.birthDate)}, er oprettet som borger. Ret forløbet herunder, og prøv igen.
            </p>
          ) : (
            <div className="edit-form">
              <div className="field">
                <label htmlFor={`${id}-citizen`}>Borger</label>
                <p className="hint" id={`${id}-citizen-hint`}>
                  Vælg en borger fra Mine sager, eller opret en ny.
                </p>
                <select
                  id={`${id}-citizen`}
                  name="citizen"
                  value={choice}
                  aria-describedby={[`${id}-citizen-hint`, problems.citizen ? `${id}-citizen-error` : ''].filter(Boolean).join(' ')}
                  aria-invalid={problems.citizen ? true : undefined}
                  onChange={(e) => {
                    setChoice(e.target.value);
                    setProblems((cur) => without(cur, 'citizen'));
                  }}
                >
                  <option value={NEW_CITIZEN}>Ny borger</option>
                  {citizens.map((c) => (
                    <option key={c.id} value={c.id}>
                      {citizenLabel(c)}
                    </option>
                  ))}
                </select>
                <FieldError id={`${id}-citizen-error`} message={problems.citizen} />
              </div>
              {newCitizen ? <div className="form-grid">{CITIZEN_FIELDS.map(field)}</div> : null}
            </div>
          )}
        </section>

        <section className="card" aria-labelledby={`${id}-programme-heading`}>
          <h2 id={`${id}-programme-heading`}>Forløb</h2>
          <p className="hint">Længden skal holde sig inden for rammen for forløbstypen (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023).</p>
          <div className="form-grid">{PROGRAMME_FIELDS.map(field)}</div>
        </section>

        <section className="card" aria-labelledby={`${id}-plan-heading`}>
          <h2 id={`${id}-plan-heading`}>Plan</h2>
          <div className="edit-form">
            <div className="form-grid">{PLAN_START_FIELDS.map(field)}</div>
            <fieldset className="checkbox-group">
              <legend>Forvaltninger på planen</legend>
              {UNIT_CODES.map((code) => {
                const mine = code === myUnit;
                return (
                  <div className="checkbox" key={code}>
                    <input
                      id={`${id}-team-${code}`}
                      type="checkbox"
                      checked={mine || team.includes(code)}
                      disabled={mine}
                      aria-describedby={mine ? `${id}-team-mine` : undefined}
                      onChange={(e) => setTeam((cur) => (e.target.checked ? [...cur, code] : cur.filter((c) => c !== code)))}
                    />
                    <label htmlFor={`${id}-team-${code}`}>{UNIT_CODE_LABELS[code]}</label>
                  </div>
                );
              })}
              {myUnit ? (
                <p className="hint" id={`${id}-team-mine`}>
                  Din egen forvaltning er altid med på teamet.
                </p>
              ) : null}
            </fieldset>
          </div>
        </section>

        {error ? <ErrorNotice error={error.error} title={error.title} /> : null}
        <p className="actions">
          <button type="submit" className="button" disabled={busy}>
            {busy ? 'Opretter…' : 'Opret forløb'}
          </button>
          <Link to={paths.home()} className="button button-secondary">
            Annullér
          </Link>
        </p>
      </form>
    </>
  );
}
