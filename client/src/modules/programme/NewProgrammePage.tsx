import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { skipToken, useMutation, useQuery } from '@apollo/client/react';
import { errorCodeMessage, looksLikeCpr, todayInDenmark } from '@samplan/schema';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { formatDate } from '../../core/format';
import { FieldInput } from '../../core/forms/FieldInput';
import { failureTitle, problemsFromServer, toldAtFields, without } from '../../core/forms/formErrors';
import { ErrorSummary } from '../../core/forms/FormParts';
import { useFieldValues } from '../../core/forms/useFieldValues';
import type { FormField } from '../../core/forms/VersionedEditForm';
import { Link, navigate, paths } from '../../core/router';
import { ErrorNotice } from '../../core/ui';
import { formSaved } from '../../core/unsaved-text';
import { graphql } from '../../gql';
import type { GoalKind, ProgrammeType } from '../../gql/graphql';
import { HomeLink } from '../org/HomeLink';
import { useOpenUnits } from '../org/units';
import { useViewer } from '../org/viewer';
import { CitizenPicker, type SearchRequest } from './CitizenPicker';
import {
  ALL_FIELDS,
  checkNewProgramme,
  CITIZEN_FIELDS,
  CITIZEN_REQUESTED_FIELD,
  asksCitizenWish,
  asksTeamMeeting,
  citizenRequested,
  earlyProblems,
  FIELD_ALIASES,
  lengthHint,
  NEW_CITIZEN,
  planStartFields,
  programmeFields,
  RULE_FIELDS,
  type CitizenChoice,
} from './newProgramme';

export const RegisterCitizenMutation = graphql(`
  mutation RegisterCitizen($input: RegisterCitizenInput!) {
    registerCitizen(input: $input) {
      id
      name
      cpr
      birthDate
    }
  }
`);

/** DUPLICATE_CITIZEN: the number is registered; `citizenId` names the existing citizen when the caller may see them. */
function duplicateOf(error: unknown, cpr: string): SearchRequest | null {
  const found = CombinedGraphQLErrors.is(error) ? error.errors.find((e) => e.extensions?.code === 'DUPLICATE_CITIZEN') : undefined;
  if (!found) return null;
  const citizenId = found.extensions?.citizenId;
  return { text: cpr, pick: typeof citizenId === 'string' ? citizenId : undefined };
}

export const CreateProgrammeMutation = graphql(`
  mutation CreateProgramme($input: CreateProgrammeInput!) {
    createProgramme(input: $input) {
      id
    }
  }
`);

/**
 * The municipality's longest length of its own forløb (none: null), which the form holds a
 * helhedsorienteret forløb to before the citizen is registered, as the server does after.
 */
export const OwnProgrammeFrameQuery = graphql(`
  query OwnProgrammeFrame {
    ownProgrammeSettings {
      maxLengthMonths
    }
  }
`);

/**
 * Who may create a programme (server: STAFF on registerCitizen and createProgramme): every
 * caseworker, whose unit may create at least the municipality's own forløb; which types
 * they are offered is their unit's (programmeTypesFor).
 */
export function canCreateProgramme(role: string | null | undefined): boolean {
  return role === 'CASEWORKER';
}

/**
 * /nyt-forloeb: a new forløb with its plan, of a type the caseworker's unit may create. The citizen is
 * found by CPR number or name, or registered here by CPR number, then the programme; the one who creates it
 * becomes its coordinator. A citizen created before the programme was refused is kept,
 * so correcting the programme and trying again does not create the citizen twice.
 */
export function NewProgrammePage() {
  const id = useId();
  const viewer = useViewer();
  const [registerCitizen] = useMutation(RegisterCitizenMutation);
  const [createProgramme] = useMutation(CreateProgrammeMutation);
  const [choice, setChoice] = useState(NEW_CITIZEN);
  /** The citizen picked from the search, for their birth date. */
  const [picked, setPicked] = useState<CitizenChoice | null>(null);
  // Read only by those who may create one: another role's read would be refused, and logged.
  const { data: frame } = useQuery(OwnProgrammeFrameQuery, viewer && canCreateProgramme(viewer.role) ? {} : skipToken);
  const { values, set, problems, setProblems } = useFieldValues(() => ({ startDate: todayInDenmark() }));
  /** Unit ids ticked for the team, besides my own unit (always on it). */
  const [team, setTeam] = useState<string[]>([]);
  const { units } = useOpenUnits();
  const [error, setError] = useState<{ error: unknown; title: string } | null>(null);
  const [created, setCreated] = useState<CitizenChoice | null>(null);
  const [duplicate, setDuplicate] = useState<SearchRequest | null>(null);
  const [searchRequest, setSearchRequest] = useState<SearchRequest | null>(null);
  const [busy, setBusy] = useState(false);
  /** Whether the end date has been left: from then on it is judged as the dates change. */
  const [endDateLeft, setEndDateLeft] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    document.title = 'Nyt forløb – Samplan';
  }, []);


  const myUnit = viewer?.unit?.id;
  const newCitizen = !created && choice === NEW_CITIZEN;

  // Not read (yet): the frame is left to the server, and only the widest is judged here.
  const ownMaxMonths = frame ? frame.ownProgrammeSettings.maxLengthMonths : undefined;
  const checkOptions = () => ({
    newCitizen,
    today: todayInDenmark(),
    birthDate: created?.birthDate ?? (picked?.id === choice ? picked.birthDate : null),
    ownMaxMonths,
  });
  // Said at the fields as the form is filled in (the end date once left, the age rule once its facts are known).
  const early = earlyProblems(values, { ...checkOptions(), endDateLeft });
  // What the last "Opret forløb" found at these fields is judged at the fields from then on, as the facts change.
  const { startDate, decisionDate, type, cpr } = values;
  useEffect(() => {
    setProblems((cur) => (endDateLeft && cur.endDate ? without(cur, 'endDate') : cur));
  }, [startDate, decisionDate, type]);
  useEffect(() => {
    setProblems((cur) => (cur.decisionDate ? without(cur, 'decisionDate') : cur));
  }, [decisionDate, type]);
  useEffect(() => {
    setProblems((cur) => (cur.citizenRequested ? without(cur, 'citizenRequested') : cur));
  }, [decisionDate, type, cpr, choice]);

  const field = (f: FormField) => (
    <FieldInput key={f.key} id={`${id}-${f.key}`} field={f} value={values[f.key] ?? ''} error={problems[f.key] ?? early[f.key]} onChange={(v) => set(f.key, v)} />
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // Every rule the form can judge is judged before the citizen is registered: registered for a
    // forløb the server then refused, they would stay registered, without one, if the caseworker gave up.
    const found = checkNewProgramme(values, checkOptions());
    setProblems(found);
    setError(null);
    setDuplicate(null);
    if (Object.keys(found).length) return;
    const text = (key: string) => (values[key] ?? '').trim();
    setBusy(true);
    let citizenId = created?.id ?? (choice === NEW_CITIZEN ? null : choice);
    let stage = 'Forløbet blev ikke oprettet';
    try {
      if (!citizenId) {
        stage = 'Borgeren blev ikke oprettet';
        const result = await registerCitizen({
          variables: { input: { cpr: text('cpr'), name: text('name'), phone: text('phone') || null, address: text('address') || null } },
        });
        const citizen = result.data!.registerCitizen;
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
            // Fields of another type than the one chosen are not shown, and what was typed in them is not sent.
            jointPlanConsentOn: (values.type === 'HELHEDSORIENTERET' && text('jointPlanConsentOn')) || null,
            ...(citizenRequested(values) ? { citizenRequested: true } : {}),
            ...(asksTeamMeeting(values) && text('teamMeetingDate') ? { teamMeetingDate: text('teamMeetingDate') } : {}),
            startDate: text('startDate'),
            endDate: text('endDate'),
            planPeriodEnd: text('planPeriodEnd'),
            employmentGoal: text('employmentGoal'),
            goalKind: text('goalKind') as GoalKind,
            teamUnits: units.map((u) => u.id).filter((u) => u === myUnit || team.includes(u)),
          },
        },
      });
      // Created: what was typed is saved, and the plan opens without asking to leave it.
      formSaved(form.current);
      navigate(paths.plan(result.data!.createProgramme.id));
    } catch (e) {
      const twin = duplicateOf(e, text('cpr'));
      setDuplicate(twin);
      const placing = { ruleFields: RULE_FIELDS, aliases: FIELD_ALIASES };
      const fieldProblems = twin ? { cpr: errorCodeMessage('DUPLICATE_CITIZEN') } : problemsFromServer(e, ALL_FIELDS, placing);
      setProblems(fieldProblems);
      // Said at its fields and in the summary, a field's problem is not said a third time in a box.
      // A citizen already registered keeps the box: it offers to find them.
      setError(!twin && toldAtFields(e, ALL_FIELDS, placing) ? null : { error: e, title: failureTitle(fieldProblems, stage) });
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
          <HomeLink />
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
      <form
        ref={form}
        onSubmit={submit}
        // Leaving Slutdato: from then on it is judged at the field.
        onBlur={(e) => {
          if (e.target instanceof HTMLInputElement && e.target.name === 'endDate' && !endDateLeft) setEndDateLeft(true);
        }}
        noValidate
        aria-labelledby={`${id}-heading`}
        data-testid="new-programme-form"
      >
        {/* After a refused attempt every problem at once, at the top of a form longer than a screen; each links to its field. */}
        <ErrorSummary problems={problems} fieldId={(key) => (key === 'citizen' ? `${id}-citizen-search` : `${id}-${key}`)} order={ALL_FIELDS} />
        <section className="card" aria-labelledby={`${id}-citizen-heading`}>
          <h2 id={`${id}-citizen-heading`}>Borger</h2>
          {created ? (
            <p className="notice notice-info" role="status" data-testid="citizen-created">
              {created.name}, født {formatDate(created.birthDate)}, er oprettet som borger. Ret forløbet herunder, og prøv igen.
            </p>
          ) : (
            <div className="edit-form">
              <CitizenPicker
                id={`${id}-citizen`}
                choice={choice}
                problem={problems.citizen}
                request={searchRequest}
                onChoose={(next, citizen) => {
                  setChoice(next);
                  setPicked(citizen ?? null);
                  setProblems((cur) => without(cur, 'citizen'));
                }}
                onNothingFound={(text) => {
                  // What was searched for is what the citizen is registered by: a CPR number
                  // or a name, into its field unless something is typed there already.
                  const key = looksLikeCpr(text) ? 'cpr' : 'name';
                  if (!values[key]?.trim()) set(key, text);
                }}
              />
              {newCitizen ? (
                <section aria-labelledby={`${id}-register-heading`}>
                  <h3 id={`${id}-register-heading`} className="edit-form-title">
                    Opret borger
                  </h3>
                  <div className="form-grid">{CITIZEN_FIELDS.map(field)}</div>
                </section>
              ) : null}
            </div>
          )}
        </section>

        <section className="card" aria-labelledby={`${id}-programme-heading`}>
          <h2 id={`${id}-programme-heading`}>Forløb</h2>
          <p className="hint">{lengthHint(values.type)}</p>
          <div className="form-grid">
            {programmeFields(viewer?.unit?.kind, values, ownMaxMonths).map(field)}
            {asksCitizenWish(values) ? field(CITIZEN_REQUESTED_FIELD) : null}
          </div>
        </section>

        <section className="card" aria-labelledby={`${id}-plan-heading`}>
          <h2 id={`${id}-plan-heading`}>Plan</h2>
          <div className="edit-form">
            <div className="form-grid">{planStartFields(values).map(field)}</div>
            <fieldset className="checkbox-group">
              <legend>Enheder på planen</legend>
              {units.map((unit) => {
                const mine = unit.id === myUnit;
                return (
                  <div className="checkbox" key={unit.id}>
                    <input
                      id={`${id}-team-${unit.id}`}
                      type="checkbox"
                      checked={mine || team.includes(unit.id)}
                      disabled={mine}
                      aria-describedby={mine ? `${id}-team-mine` : undefined}
                      onChange={(e) => setTeam((cur) => (e.target.checked ? [...cur, unit.id] : cur.filter((u) => u !== unit.id)))}
                    />
                    <label htmlFor={`${id}-team-${unit.id}`}>{unit.name}</label>
                  </div>
                );
              })}
              {myUnit ? (
                <p className="hint" id={`${id}-team-mine`}>
                  Din egen enhed er altid med på teamet.
                </p>
              ) : null}
            </fieldset>
          </div>
        </section>

        {error ? (
          <ErrorNotice
            error={error.error}
            title={error.title}
            action={
              duplicate ? (
                <p>
                  <button
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      setSearchRequest({ ...duplicate });
                      setError(null);
                      setDuplicate(null);
                      setProblems((cur) => without(cur, 'cpr'));
                    }}
                  >
                    {duplicate.pick ? 'Vælg den eksisterende borger' : 'Søg borgeren frem på CPR-nummeret'}
                  </button>
                </p>
              ) : null
            }
          />
        ) : null}
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
