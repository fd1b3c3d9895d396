import { useMutation, useQuery } from '@apollo/client/react';
import { addDays, mentorGrantOutsideProgramme, todayInDenmark } from '@samplan/schema';
import { useId, useRef, useState, type FormEvent } from 'react';
import { formatDate, formatMinutes, formatWhen } from '../../core/format';
import { useChangeNotice } from '../../core/forms/ChangeNotice';
import { useFocusOnFirstField } from '../../core/forms/firstField';
import { failureTitle, problemsFromServer, toldAtFields } from '../../core/forms/formErrors';
import { ErrorSummary, escapeAsCancel, FormActions } from '../../core/forms/FormParts';
import { AREA_LABELS } from '../../core/labels';
import { ErrorNotice, FieldError, LOG_TOGGLE_WORDS, StatusNotice, useNewestShown } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { MentorTaskItem_MentorTaskFragment } from '../../gql/graphql';
import type { PlanEvent } from '../live/events';
import { ChangedFlag, useHighlight, usePlanLive, type Highlight } from '../live/PlanLive';
import { EndMentorGrant } from './EndMentorGrant';
import { FollowUpSharing } from './FollowUpSharing';
import { grantsGivingAccess, grantStart, isActiveGrant, mayEndGrant, mentorHasAccess, sixMonthsEnd } from './mentorGrants';
import { SubGoalCheckboxes } from './SubGoalCheckboxes';
import { usePlanCannotSave, usePlanOpen } from './planOpen';

export const MentorSectionFragment = graphql(`
  fragment MentorSection_Plan on Plan {
    id
    myStanding
    subGoals {
      id
      area
      text
    }
    mentorGrants {
      id
      purpose
      goals
      focusAreas
      subGoalIds
      startDate
      endDate
      endedEarly
      version
      mentor {
        id
        name
      }
    }
    ...FollowUpSharing_Plan
    mentorTasks {
      ...MentorTaskItem_MentorTask
    }
  }
`);

/** A mentor's logged task as the mentor section lists it; a live event writes the same fields (modules/live). */
export const MentorTaskItemFragment = graphql(`
  fragment MentorTaskItem_MentorTask on MentorTask {
    id
    grantId
    title
    date
    minutes
    outcome
    nextStep
    note
    createdAt
    removedAt
  }
`);

export const CreateMentorGrantMutation = graphql(`
  mutation CreateMentorGrant($input: CreateMentorGrantInput!) {
    createMentorGrant(input: $input) {
      id
      startDate
      endDate
    }
  }
`);

/** Mentors to choose from. Only the demo has a user list (see the report's server request). */
export const MentorCandidatesQuery = graphql(`
  query MentorCandidates {
    colleagues(roles: [MENTOR]) {
      id
      name
    }
  }
`);

/** A grant running today, as the form offers it to be continued, with what a new period starts from. */
interface RunningGrant {
  id: string;
  startDate: string;
  endDate: string;
  purpose: string;
  goals: readonly string[];
  focusAreas: readonly string[];
  mentor?: { id: string; name: string } | null;
}

/** The input's fields by the form's names for them. */
const GRANT_FIELDS: Readonly<Record<string, string>> = { mentorId: 'mentor', previousGrantId: 'continues', focusAreas: 'focus', startDate: 'start', endDate: 'end' };

/** The form's fields, by its own names, that a refusal may be about. */
const GRANT_FORM_FIELDS = ['mentor', 'continues', 'purpose', 'goals', 'focus', 'start', 'end'];

function GrantForm(props: {
  planId: string;
  subGoals: ReadonlyArray<{ id: string; area: keyof typeof AREA_LABELS; text: string }>;
  /**
   * The grants running today. A new grant with the same mentor continues that mentor's latest
   * by default (its renewal: "ny periode", STAR’s vejledning om ressourceforløb 2020, afsnit 7);
   * one with another mentor stands beside them (a workplace mentor and a social mentor may run
   * together), unless the coordinator says which grant it takes over.
   */
  runningGrants: ReadonlyArray<RunningGrant>;
  /** The forløb the grant is for: its days lie within the forløb's. */
  programme: { startDate: string; endDate: string };
  /** Why the form can no longer be saved (the programme has ended): what was typed stays, and "Luk" closes it. */
  cannotSave?: string | null;
  /** "Annullér", Escape, or "Luk" after the end. */
  onClose: () => void;
  onDone: (m: string) => void;
}) {
  const id = useId();
  // A mentor invited since the page opened is on the list: asked again each time the form opens.
  const candidates = useQuery(MentorCandidatesQuery, { fetchPolicy: 'cache-and-network' });
  const [create, { loading, error }] = useMutation(CreateMentorGrantMutation);
  const [mentorId, setMentorId] = useState('');
  // Before a mentor is chosen, the form offers the next period of the newest running grant.
  const [continuesId, setContinuesId] = useState(() => props.runningGrants[props.runningGrants.length - 1]?.id ?? '');
  // A new period starts from the purpose, goals and focus areas of the one it continues, to be
  // brought up to date (afsnit 7: "en ny periode … med opdaterede mål"); what was typed is kept.
  const textsOf = (grantId: string) => {
    const g = props.runningGrants.find((r) => r.id === grantId);
    return { purpose: g?.purpose ?? '', goals: g?.goals.join('\n') ?? '', focus: g?.focusAreas.join(', ') ?? '' };
  };
  const [purpose, setPurpose] = useState(() => textsOf(continuesId).purpose);
  const [goals, setGoals] = useState(() => textsOf(continuesId).goals);
  const [focus, setFocus] = useState(() => textsOf(continuesId).focus);
  const [textsTyped, setTextsTyped] = useState(false);
  // Six months by default, or to the forløb's last day when that comes first.
  const defaultEnd = (from: string) => {
    const six = sixMonthsEnd(from);
    return from <= props.programme.endDate && props.programme.endDate < six ? props.programme.endDate : six;
  };
  const [continuesChosen, setContinuesChosen] = useState(false);
  // Dates the user typed are theirs: choosing a mentor or a grant to continue moves neither.
  const [startChosen, setStartChosen] = useState(false);
  const [endChosen, setEndChosen] = useState(false);
  const continued = props.runningGrants.find((g) => g.id === continuesId);
  const [start, setStart] = useState(() => grantStart(todayInDenmark(), continued?.endDate));
  const [end, setEnd] = useState(() => defaultEnd(grantStart(todayInDenmark(), continued?.endDate)));
  /** The grant continued is chosen: its next day is the start, unless a start was typed; the end follows the start, unless an end was typed. */
  const continueGrant = (grantId: string) => {
    setContinuesId(grantId);
    if (!textsTyped) {
      const texts = textsOf(grantId);
      setPurpose(texts.purpose);
      setGoals(texts.goals);
      setFocus(texts.focus);
    }
    if (startChosen) return;
    const from = grantStart(todayInDenmark(), props.runningGrants.find((g) => g.id === grantId)?.endDate);
    setStart(from);
    if (!endChosen) setEnd(defaultEnd(from));
  };
  // A new period goes on without a break: it begins by the day after the grant it continues ends
  // (STAR’s vejledning om ressourceforløb 2020, afsnit 7), and the server refuses a link after a
  // gap. A start typed later is support of its own, sent unlinked, so the earlier grant's end is
  // still warned of ("Mentorstøtten udløber") and the user is not refused for the form's choice.
  const latestStart = continued ? addDays(continued.endDate, 1) : null;
  const afterGap = latestStart !== null && start > latestStart;
  const linked = afterGap ? null : continued;
  const chooseMentor = (chosen: string) => {
    setMentorId(chosen);
    if (continuesChosen) return;
    const own = props.runningGrants.filter((g) => g.mentor?.id === chosen);
    continueGrant(own[own.length - 1]?.id ?? '');
  };
  const [subGoalIds, setSubGoalIds] = useState<string[]>([]);
  const [problems, setProblems] = useState<Record<string, string>>({});
  const mentors = candidates.data?.colleagues ?? [];
  const form = useFocusOnFirstField<HTMLFormElement>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (props.cannotSave) return;
    const p: Record<string, string> = {};
    if (!mentorId.trim()) p.mentor = 'Vælg mentoren.';
    if (!purpose.trim()) p.purpose = 'Skriv formålet med mentorstøtten.';
    const goalList = goals.split('\n').map((g) => g.trim()).filter(Boolean);
    if (goalList.length === 0) p.goals = 'Skriv mindst ét mål.';
    // Goals and focus areas are both stated for the mentor (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8).
    const focusList = focus.split(',').map((f) => f.trim()).filter(Boolean);
    if (focusList.length === 0) p.focus = 'Skriv mindst ét fokusområde, fx morgenrutiner.';
    if (!start) p.start = 'Vælg startdato.';
    if (!end) p.end = 'Vælg slutdato.';
    else if (start && end > sixMonthsEnd(start)) p.end = `Mentorstøtte bevilges højst 6 måneder ad gangen (STAR’s vejledning om ressourceforløb 2020, afsnit 7): senest ${formatDate(sixMonthsEnd(start))}.`;
    else if (start && end < start) p.end = 'Slutdatoen skal ligge efter startdatoen.';
    // Said as the server says it, at the field, before anything is sent.
    const outside = !p.start && !p.end ? mentorGrantOutsideProgramme({ startDate: start, endDate: end }, props.programme) : null;
    if (outside) p[outside.field === 'startDate' ? 'start' : 'end'] = outside.message;
    setProblems(p);
    if (Object.keys(p).length) return;
    try {
      await create({
        variables: {
          input: {
            planId: props.planId,
            mentorId: mentorId.trim(),
            purpose: purpose.trim(),
            goals: goalList,
            focusAreas: focusList,
            startDate: start,
            endDate: end,
            subGoalIds,
            previousGrantId: linked?.id ?? null,
          },
        },
      });
      props.onDone(`Mentorstøtten er bevilget fra ${formatDate(start)} til ${formatDate(end)}.`);
    } catch (e) {
      // The server's refusal by the field it is about (a running grant with this mentor: the
      // start), where the error summary takes focus; any other is shown under the form.
      setProblems(problemsFromServer(e, GRANT_FORM_FIELDS, { aliases: GRANT_FIELDS }));
    }
  };

  const err = (k: string) => <FieldError id={`${id}-${k}-error`} message={problems[k]} />;
  const inv = (k: string) => ({ 'aria-invalid': problems[k] ? true : undefined, 'aria-describedby': problems[k] ? `${id}-${k}-error` : undefined });

  return (
    <form
      ref={form}
      className="stack"
      onSubmit={submit}
      noValidate
      // Escape does what "Annullér" does (asks first when something typed would go); not while it is being saved.
      onKeyDown={escapeAsCancel(props.onClose)}
    >
      <StatusNotice message={props.cannotSave} />
      <ErrorSummary problems={problems} fieldId={(key) => `${id}-${key}`} />
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-mentor`}>Mentor</label>
          <select id={`${id}-mentor`} value={mentorId} onChange={(e) => chooseMentor(e.target.value)} {...inv('mentor')}>
            <option value="">{candidates.loading && !mentors.length ? 'Henter mentorer…' : mentors.length ? 'Vælg mentor' : candidates.error ? 'Mentorerne kunne ikke hentes' : 'Ingen mentorer i kommunen'}</option>
            {mentors.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
          {err('mentor')}
          {candidates.error ? (
            <ErrorNotice error={candidates.error} title="Mentorerne kunne ikke hentes" onRetry={() => void candidates.refetch().catch(() => undefined)} />
          ) : null}
        </div>
        {props.runningGrants.length ? (
          <div className="field field-wide">
            <label htmlFor={`${id}-continues`}>Ny periode af</label>
            <select
              id={`${id}-continues`}
              value={continuesId}
              aria-invalid={problems.continues ? true : undefined}
              aria-describedby={[`${id}-continues-hint`, afterGap ? `${id}-continues-gap` : '', problems.continues ? `${id}-continues-error` : ''].filter(Boolean).join(' ')}
              onChange={(e) => {
                setContinuesChosen(true);
                continueGrant(e.target.value);
              }}
            >
              <option value="">Ingen: en ny mentorstøtte ved siden af</option>
              {props.runningGrants.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.mentor?.name ?? 'Mentor'}, {formatDate(g.startDate)} – {formatDate(g.endDate)}
                </option>
              ))}
            </select>
            <p className="hint" id={`${id}-continues-hint`}>
              En ny periode begynder dagen efter, at bevillingen slutter. Samme mentor forlænger sin egen bevilling.
            </p>
            {afterGap && latestStart ? (
              <p className="hint" id={`${id}-continues-gap`}>
                Starten ligger efter {formatDate(latestStart)}, dagen efter, at bevillingen slutter. Der bliver et ophold i mentorstøtten, så den nye bevilling gemmes som en ny mentorstøtte og ikke som en ny periode af den valgte.
              </p>
            ) : null}
            {err('continues')}
          </div>
        ) : null}
        <div className="field field-wide">
          <label htmlFor={`${id}-purpose`}>Formål</label>
          <input id={`${id}-purpose`} value={purpose} onChange={(e) => {
              setTextsTyped(true);
              setPurpose(e.target.value);
            }} {...inv('purpose')} />
          {err('purpose')}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-goals`}>Mål, vigtigste først</label>
          <p className="hint" id={`${id}-goals-hint`}>
            Ét mål pr. linje.
          </p>
          <textarea
            id={`${id}-goals`}
            className="plain-textarea"
            rows={3}
            value={goals}
            onChange={(e) => {
              setTextsTyped(true);
              setGoals(e.target.value);
            }}
            aria-invalid={problems.goals ? true : undefined}
            aria-describedby={`${id}-goals-hint${problems.goals ? ` ${id}-goals-error` : ''}`}
          />
          {err('goals')}
        </div>
        <div className="field field-wide">
          <label htmlFor={`${id}-focus`}>Fokusområder</label>
          <p className="hint" id={`${id}-focus-hint`}>
            Adskil med komma, fx morgenrutiner, økonomi.
          </p>
          <input
            id={`${id}-focus`}
            value={focus}
            onChange={(e) => {
              setTextsTyped(true);
              setFocus(e.target.value);
            }}
            aria-invalid={problems.focus ? true : undefined}
            aria-describedby={`${id}-focus-hint${problems.focus ? ` ${id}-focus-error` : ''}`}
          />
          {err('focus')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-start`}>Start</label>
          <input
            id={`${id}-start`}
            type="date"
            value={start}
            onChange={(e) => {
              setStart(e.target.value);
              setStartChosen(true);
              if (e.target.value && !endChosen) setEnd(defaultEnd(e.target.value));
            }}
            {...inv('start')}
          />
          {err('start')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-end`}>Slut (højst 6 måneder)</label>
          <input
            id={`${id}-end`}
            type="date"
            value={end}
            onChange={(e) => {
              setEnd(e.target.value);
              // An end cleared is given back to the form, to follow the start again.
              setEndChosen(e.target.value !== '');
            }}
            {...inv('end')}
          />
          {err('end')}
        </div>
      </div>
      <SubGoalCheckboxes idPrefix={id} legend="Delmål mentor skal kende" subGoals={props.subGoals} selected={subGoalIds} onChange={setSubGoalIds} />
      {/* Said at its fields and in the summary, a field's problem is not said a third time here. */}
      {error && !toldAtFields(error, GRANT_FORM_FIELDS, { aliases: GRANT_FIELDS }) ? <ErrorNotice error={error} title={failureTitle(problems, 'Mentorstøtten blev ikke bevilget')} /> : null}
      <FormActions loading={loading} busyLabel="Gemmer…" submitLabel="Bevilg mentorstøtte" onCancel={props.onClose} cannotSave={props.cannotSave} />
    </form>
  );
}

/** An intervention of the kind Mentorstøtte under Indsatser, as the section points to it. */
export interface MentorSupportIntervention {
  id: string;
  title: string;
}

/**
 * The plan's Mentorstøtte interventions under Indsatser that have not ended (planned, active or
 * paused): the jobcenter's decision on mentor support, which gives no mentor access to the plan.
 */
export function openMentorSupport(interventions: ReadonlyArray<{ id: string; title: string; kind: string; status: string }>): MentorSupportIntervention[] {
  return interventions.filter((iv) => iv.kind === 'MENTOR_SUPPORT' && iv.status !== 'COMPLETED' && iv.status !== 'CANCELLED').map(({ id, title }) => ({ id, title }));
}

/**
 * When no mentor can open the plan today: says so, and points to a Mentorstøtte under Indsatser
 * that no mentor has been given access for yet. A mentor reads the plan only under a grant
 * running today, one ended early too until its last day (as the server lets the mentor in).
 */
function NoMentorAccess(props: { interventions: readonly MentorSupportIntervention[]; hadGrants: boolean }) {
  return (
    <>
      <p className="hint" data-testid="mentor-no-access">
        Ingen mentor har adgang til planen i Samplan. En mentor får adgang med en mentorbevilling.
      </p>
      {props.interventions.length ? (
        <p data-testid="mentor-support-without-mentor">
          Mentorstøtten under Indsatser (
          {props.interventions.map((iv, i) => (
            <span key={iv.id}>
              {i === 0 ? '' : i === props.interventions.length - 1 ? ' og ' : ', '}
              <a href={`#iv-${iv.id}`}>{iv.title}</a>
            </span>
          ))}
          ) har {props.hadGrants ? 'ingen' : 'endnu ingen'} mentor med adgang til planen.
        </p>
      ) : null}
    </>
  );
}

/**
 * Mentorstøtte on the plan: grants with goals and the mentor's log, live. A grant is what gives a
 * mentor access to the plan in Samplan; an intervention of the kind Mentorstøtte does not. An
 * employment caseworker grants (Plan.mayDecide: the coordinator when from the jobcenter); the
 * coordinator ends a grant early and chooses the follow-up meetings the mentor sees.
 */
export function MentorSection(props: {
  plan: FragmentType<typeof MentorSectionFragment>;
  /** The plan's Mentorstøtte interventions that have not ended (openMentorSupport). */
  mentorSupport: readonly MentorSupportIntervention[];
  /** Whether I take the decisions under the employment legislation here (Plan.mayDecide): granting mentor support is one. */
  mayDecide: boolean;
  /** The forløb's first and last day: a grant lies within them. */
  programme: { startDate: string; endDate: string };
  onChanged: () => void;
}) {
  const plan = getFragmentData(MentorSectionFragment, props.plan);
  const highlight = useHighlight('section:mentor');
  const flag = sectionFlag(highlight, usePlanLive()?.events ?? []);
  const [open, setOpen] = useState(false);
  const notice = useChangeNotice();
  const todayDate = todayInDenmark();
  const active = plan.mentorGrants.filter((g) => isActiveGrant(g, todayDate));
  const latestActive = active[active.length - 1];
  const mentorSeesIt = mentorHasAccess(plan.mentorGrants, todayDate);
  const planOpen = usePlanOpen();
  const cannotSave = usePlanCannotSave();
  const tasks = mentorLog(getFragmentData(MentorTaskItemFragment, plan.mentorTasks));
  const log = useNewestShown(tasks, TASKS_SHOWN, LOG_TOGGLE_WORDS);
  // The grants the mentor has logged work under: such a grant is ended, not called off (EndMentorGrant).
  const grantsWithTasks = new Set(tasks.map((t) => t.grantId));
  const coordinator = plan.myStanding === 'COORDINATOR' && planOpen;
  // A form left open when the programme ends stays with what was typed, and cannot be saved; its
  // button went with the end, so closing it gives the focus to the section's heading.
  const heading = useRef<HTMLHeadingElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const grantOffered = props.mayDecide && planOpen;
  // The delmål chosen for the mentor when the grant was given, in the form's words and by their
  // text on the plan: the mentor's page shows the same ones. One no longer on the plan is said
  // as the plan's history says it.
  const subGoalText = new Map(plan.subGoals.map((goal) => [goal.id, goal.text]));
  const subGoalsOf = (ids: readonly string[]) => ids.map((goalId) => subGoalText.get(goalId) ?? 'et slettet delmål').join('; ');
  return (
    <section className={`card${highlight ? ' is-changed' : ''}`} aria-labelledby="mentor-heading" data-testid="mentor-section">
      <h2 id="mentor-heading" ref={heading} tabIndex={-1}>
        Mentorstøtte
      </h2>
      <ChangedFlag highlight={flag} />
      {mentorSeesIt ? null : <NoMentorAccess interventions={props.mentorSupport} hadGrants={plan.mentorGrants.length > 0} />}
      {[...plan.mentorGrants].reverse().map((g) => {
        // Also one ended early whose last day has not passed: its end can be moved earlier still.
        const mayEnd = coordinator && mayEndGrant(g, todayDate);
        return (
        <div key={g.id} className="grant">
          <p>
            <strong>{g.mentor?.name ?? 'Mentor'}</strong> ·{' '}
            {g.endDate < g.startDate ? (
              <>fra {formatDate(g.startDate)} (aflyst)</>
            ) : (
              <>
                {formatDate(g.startDate)} – {formatDate(g.endDate)}
                {g.endedEarly ? ' (afsluttet før tid)' : active.includes(g) ? '' : g.startDate > todayDate ? ' (ikke begyndt)' : ' (ikke aktiv)'}
              </>
            )}
          </p>
          <p>{g.purpose}</p>
          {g.goals.length ? (
            <ol>
              {g.goals.map((goal) => (
                <li key={goal}>{goal}</li>
              ))}
            </ol>
          ) : null}
          {g.focusAreas.length ? <p className="hint">Fokus: {g.focusAreas.join(', ')}</p> : null}
          {g.subGoalIds.length ? <p className="hint">Delmål mentor skal kende: {subGoalsOf(g.subGoalIds)}</p> : null}
          {/* After the end (the grant ended with the programme) its form, if open, stays with what was chosen, and cannot be saved. */}
          {mayEnd || (plan.myStanding === 'COORDINATOR' && cannotSave) ? (
            <EndMentorGrant
              grant={g}
              tasksLogged={grantsWithTasks.has(g.id)}
              offered={mayEnd}
              cannotSave={cannotSave}
              // Only for a form kept after the end: a grant just ended here takes its form away, and the message the focus.
              focusWithoutButton={mayEnd ? undefined : heading}
              onEnded={notice.show}
            />
          ) : null}
        </div>
        );
      })}
      {tasks.length ? (
        <>
          <h3>Mentorens log</h3>
          <ul className="plain-list" data-testid="mentor-tasks">
            {log.visible.map((t) => (
              <MentorTaskItem key={t.id} task={t} />
            ))}
          </ul>
          {log.toggle}
        </>
      ) : null}
      {coordinator && latestActive ? <FollowUpSharing plan={plan} /> : null}
      {notice.element}
      {/* Granting mentor support is a decision under the employment legislation (Plan.mayDecide). */}
      {grantOffered || (open && cannotSave) ? (
        <div className="disclosure">
          {grantOffered ? (
            <button ref={opener} type="button" className="button button-secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
              {latestActive ? 'Bevilg ny periode' : 'Bevilg mentorstøtte'}
            </button>
          ) : null}
          {open ? (
            <div>
              <GrantForm
                planId={plan.id}
                subGoals={plan.subGoals}
                programme={props.programme}
                runningGrants={grantsGivingAccess(plan.mentorGrants, todayDate)}
                cannotSave={cannotSave}
                onClose={() => {
                  setOpen(false);
                  // Back to the button that opened it; to the heading when it went with the end.
                  (opener.current ?? heading.current)?.focus();
                }}
                onDone={(m) => {
                  notice.show(m);
                  setOpen(false);
                  props.onChanged();
                }}
              />
            </div>
          ) : null}
        </div>
      ) : coordinator ? (
        <p className="hint" data-testid="mentor-grant-by-employment">
          Mentorstøtte bevilges af en sagsbehandler fra beskæftigelse på planen (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
        </p>
      ) : null}
    </section>
  );
}

/**
 * The mentor's log as the server lists it, newest day first: an entry the mentor removed (its
 * live event marks it) leaves the list at once, and one whose day the mentor corrected takes
 * its place by the new day.
 */
function mentorLog(tasks: readonly MentorTaskItem_MentorTaskFragment[]): MentorTaskItem_MentorTaskFragment[] {
  return tasks.filter((t) => !t.removedAt).sort((a, b) => b.date.localeCompare(a.date) || String(b.createdAt).localeCompare(String(a.createdAt)));
}

/** The newest entries of the mentor's log shown at first; the whole log on request. */
const TASKS_SHOWN = 6;

/** How the section's flag names a change of the mentor's log, by the event's kind. */
const LOG_CHANGE_WORDS: Readonly<Record<string, string>> = { MENTOR_TASK_LOGGED: 'Seneste log', MENTOR_TASK_UPDATED: 'Log rettet' };

/**
 * The section's flag for its newest change by somebody else. An entry in the mentor's log is
 * the mentor's work under the support, not a change of the support: "Seneste log: Mikkel Lund,
 * i dag kl. 11.14", where "Registreret af Mikkel Lund" over the section would read as if the
 * mentor had registered the support. The entry itself keeps "Registreret af …"; a grant's
 * own change keeps its flag ("Oprettet af …").
 */
function sectionFlag(highlight: Highlight | undefined, events: readonly PlanEvent[]): Highlight | undefined {
  if (!highlight) return undefined;
  const event = events.find((e) => e.seq === highlight.seq);
  const words = event ? LOG_CHANGE_WORDS[event.kind] : undefined;
  if (!event || !words) return highlight;
  return { ...highlight, text: `${words}: ${event.actor?.name ?? 'Mentoren'}, ${formatWhen(event.at)}` };
}

function MentorTaskItem({ task }: { task: MentorTaskItem_MentorTaskFragment }) {
  const highlight = useHighlight(task.id);
  return (
    <li className={highlight ? 'is-changed' : undefined} data-testid="mentor-task">
      <ChangedFlag highlight={highlight} />
      <strong>{formatDate(task.date)}</strong>: {task.title} ({formatMinutes(task.minutes)}){task.outcome ? ` – ${task.outcome}` : ''}
      {task.nextStep ? <span> Næste skridt: {task.nextStep}</span> : null}
      <span className="hint"> · logget {formatWhen(task.createdAt)}</span>
      {/* The mentor writes it for the coordinator and the team: the form says so under the field. */}
      {task.note.trim() ? (
        <p className="pre-line" data-testid="mentor-task-note">
          <span className="label-inline">Note:</span> {task.note}
        </p>
      ) : null}
    </li>
  );
}
