import type { ApolloCache } from '@apollo/client';
import { skipToken, useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import {
  END_REASONS_WITHOUT_NEXT_STEP, endedOnWhenNoDate, endsAfterEndDateMessage, endsAheadMessage, endsBeforeStartMessage, EXTENSION_REASON_MAX, extensionReasonProblem, lastDayOfPeriod,
  lengthSourceFor, localDate, NEXT_STEP_NOT_DECIDED_MESSAGE, notExtendableMessage, OWN_PROGRAMME_LONGEST_MONTHS, ownProgrammeLongestMessage, stopsBeforeStart,
} from '@samplan/schema';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type MouseEvent, type RefObject } from 'react';
import { applyEntityToCache } from '../../core/cache';
import { formatDate, formatDateTime } from '../../core/format';
import { changedMeanwhile, conflictOf } from '../../core/forms/conflict';
import { useRecordEditing } from '../../core/forms/recordEditing';
import { FieldGrid } from '../../core/forms/FieldInput';
import { failureTitle, problemsFromServer, toldAtFields, without, type Problems } from '../../core/forms/formErrors';
import { ConfirmQuestion, FormActions } from '../../core/forms/FormParts';
import { useFieldValues } from '../../core/forms/useFieldValues';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { END_REASON_LABELS, END_REASONS, INTERVENTION_STATUS_LABELS, label, PROGRAMME_STATUS_LABELS } from '../../core/labels';
import { ErrorNotice, StatusNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { EndProgrammeFactsQuery as EndProgrammeFacts, EndReason, InterventionStatus, LawVersion, ProgrammeStatus, ProgrammeType } from '../../gql/graphql';
import { usePlanLive } from '../live/PlanLive';
import { canSuspend, ruleSource } from './programmeSources';

export const UpdateProgrammeMutation = graphql(`
  mutation UpdateProgramme($input: UpdateProgrammeInput!) {
    updateProgramme(input: $input) {
      id
      ...ProgrammeSummary_Programme
      ...NextStepSection_Programme
      ...Warnings_Programme
    }
  }
`);

export type EditableProgramme = {
  id: string;
  version: number;
  type: ProgrammeType;
  startDate: string;
  endDate: string;
  citizen: { name: string };
  /** The law version it is governed by: whether barsel moves its end (canSuspend). */
  lawVersion?: LawVersion;
  /** The end reasons the law in force today has for the type (the server's endReasonOptions); all when absent. */
  endReasonOptions?: readonly EndReason[];
};

/** The programme in the definite form, as the end's question names it: "Afslut det helhedsorienterede forløb for …". */
const PROGRAMME_DEFINITE: Readonly<Record<ProgrammeType, string>> = {
  RESSOURCEFORLOEB: 'ressourceforløbet',
  JOBAFKLARINGSFORLOEB: 'jobafklaringsforløbet',
  HELHEDSORIENTERET: 'det helhedsorienterede forløb',
};

/** Said in a programme's forms when someone else saves it meanwhile. */
export const PROGRAMME_STALE_NOTICE = 'En anden har gemt en ændring af forløbet, mens du redigerer. Når du gemmer, kan du sammenligne de to udgaver.';

const END_DATE_FIELD: FormField = {
  key: 'endDate',
  label: 'Ny slutdato',
  input: 'date',
  required: true,
  requiredMessage: 'Vælg den nye slutdato.',
  format: (v) => formatDate(String(v)),
};

/**
 * A ressourceforløb's or jobafklaringsforløb's length is fixed in the decision: it can end earlier,
 * never later. The hint says what the type allows instead (notExtendableMessage), and the source
 * that governs its length (lengthSourceFor).
 */
export function endDateField(programme: { type: ProgrammeType; lawVersion?: LawVersion | null }): FormField {
  return { ...END_DATE_FIELD, hint: `Slutdatoen kan kun flyttes tidligere. ${notExtendable(programme)} (${lengthSourceFor(programme.type)})` };
}

/** The server's words for a later end of this forløb (PROGRAMME_NOT_EXTENDABLE): barsel only where its law has it. */
function notExtendable(programme: { type: ProgrammeType; lawVersion?: LawVersion | null }): string {
  return notExtendableMessage(programme.type, !!programme.lawVersion && canSuspend({ type: programme.type, lawVersion: programme.lawVersion }));
}

/** The municipality's own forløb follows its own frame (lov nr. 1750 af 29. december 2025): its end moves either way. */
const OWN_END_DATE_FIELD: FormField = {
  ...END_DATE_FIELD,
  hint: 'Kommunens egen ramme: slutdatoen kan flyttes tidligere eller senere, inden for den længste varighed, kommunen har fastsat.',
};

/**
 * Why the municipality's own forløb is prolonged: asked by the server where the municipality has
 * set no longest length (PROGRAMME_EXTENSION_NEEDS_REASON), kept in the plan's history. The form
 * does not know the frame, so it offers the field with every prolongation and leaves that to the
 * server, whose refusal shows here.
 */
const EXTENSION_REASON_FIELD: FormField = {
  key: 'extensionReason',
  label: 'Begrundelse for forlængelsen',
  input: 'textarea',
  hint: 'Skal udfyldes, når slutdatoen flyttes senere, og kommunen ikke har fastsat en længste varighed for helhedsorienterede forløb: hvorfor har borgeren brug for mere tid? Begrundelsen står i planens historik.',
  maxChars: EXTENSION_REASON_MAX,
};

/**
 * The own forløb's checks the form can make (the server's words): a reason only with a later end,
 * and no end beyond the widest frame a municipality can set, whatever its own frame is.
 */
function ownProlonging(programme: { startDate: string; endDate: string }) {
  return (values: Values): Record<string, string> => {
    const end = values.endDate ?? '';
    const found: Record<string, string> = {};
    const reason = extensionReasonProblem(values.extensionReason, !!end && end > programme.endDate);
    if (reason) found.extensionReason = reason;
    if (end && end > lastDayOfPeriod(programme.startDate, OWN_PROGRAMME_LONGEST_MONTHS)) found.endDate = ownProgrammeLongestMessage(programme.startDate);
    return found;
  };
}

function afterStart(startDate: string) {
  return (values: Values): Record<string, string> => {
    const end = values.endDate ?? '';
    return end && end <= startDate ? { endDate: 'Slutdatoen skal ligge efter startdatoen.' } : {};
  };
}

/** The server's rule (PROGRAMME_NOT_EXTENDABLE), in its words for the type, checked before anything is sent or asked. */
function notLater(programme: { type: ProgrammeType; endDate: string; lawVersion?: LawVersion | null }) {
  return (values: Values): Record<string, string> => {
    const end = values.endDate ?? '';
    return end && end > programme.endDate ? { endDate: notExtendable(programme) } : {};
  };
}

/**
 * Said in the question before the end moves earlier: a plan period past the new end is cut back
 * to it in the same change, for the plan runs no longer than the forløb (the server's
 * fitToEarlierEnd). Empty when the plan period ends by then.
 */
export function planPeriodCut(planPeriodEnd: string | undefined, newEnd: string): string {
  return planPeriodEnd && planPeriodEnd > newEnd ? ` Planperioden afkortes samtidig fra ${formatDate(planPeriodEnd)} til ${formatDate(newEnd)}.` : '';
}

/**
 * "Ret slutdato": move the end earlier; the server refuses a later one (PROGRAMME_NOT_EXTENDABLE).
 * The municipality's own forløb is prolonged this way too, within the municipality's longest
 * length (PROGRAMME_TOO_LONG otherwise), with its reason where the municipality has set none.
 */
export function ChangeEndDateForm(props: { programme: EditableProgramme; planPeriodEnd?: string; cannotSave?: string | null; onDone: (message: string) => void; onCancel: () => void }) {
  const [update, { loading }] = useMutation(UpdateProgrammeMutation);
  const programme = props.programme;
  const own = programme.type === 'HELHEDSORIENTERET';
  return (
    <VersionedEditForm
      heading="Ret forløbets slutdato"
      subject="Forløbet"
      typename="Programme"
      fields={own ? [OWN_END_DATE_FIELD, EXTENSION_REASON_FIELD] : [endDateField(programme)]}
      record={programme}
      liveRecord={programme}
      staleNotice={PROGRAMME_STALE_NOTICE}
      cannotSave={props.cannotSave}
      check={(values) => ({ ...(own ? ownProlonging(programme)(values) : notLater(programme)(values)), ...afterStart(programme.startDate)(values) })}
      ruleFields={{ PROGRAMME_NOT_EXTENDABLE: 'endDate', PROGRAMME_TOO_LONG: 'endDate', PROGRAMME_EXTENSION_NEEDS_REASON: 'extensionReason' }}
      // An earlier end cannot be moved back later: asked before it is sent. The own forløb's can,
      // so it is asked only when the move cuts the plan period back with it (earlier-end.ts).
      confirm={(changed) => {
        const newEnd = String(changed.endDate);
        const cut = planPeriodCut(props.planPeriodEnd, newEnd);
        if (own) return cut ? `Flyt slutdatoen fra ${formatDate(programme.endDate)} til ${formatDate(newEnd)}?${cut}` : null;
        return `Flyt slutdatoen fra ${formatDate(programme.endDate)} til ${formatDate(newEnd)}?${cut} Forløbet kan ikke forlænges igen bagefter (${lengthSourceFor(programme.type)}).`;
      }}
      confirmLabel="Ja, flyt slutdatoen"
      save={(changed, expectedVersion, _onTopOf, baseVersion) =>
        update({ variables: { input: { id: programme.id, expectedVersion: expectedVersion ?? programme.version, baseVersion, ...changed } } })
      }
      loading={loading}
      submitLabel="Gem slutdato"
      failedTitle="Slutdatoen blev ikke ændret"
      savedMessage="Slutdatoen er ændret."
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

type EndingDays = Pick<EditableProgramme, 'type' | 'startDate' | 'endDate'>;

/**
 * The hint at "Afsluttes pr.": the day an empty field saves (endedOnWhenNoDate, as the server
 * saves it), and which other days the field takes. A ressourceforløb or jobafklaringsforløb
 * past its end date ends on that day at the latest (STAR’s vejledning om ressourceforløb 2020,
 * afsnit 6.3); the municipality's own forløb may be prolonged within its frame.
 */
export function endDayHint(programme: EndingDays, today: string): string {
  const day = endedOnWhenNoDate(today, programme);
  // Not begun: stopped before it begins, so it ran on no day (stopsBeforeStart). Ended on its first day, it ran that day.
  if (stopsBeforeStart(today, programme)) return `Udfyldes feltet ikke, stoppes forløbet, før det begynder ${formatDate(programme.startDate)}, og det har ikke kørt nogen dag.`;
  if (day === today) return 'Udfyldes feltet ikke, bruges dagens dato. Datoen kan ikke ligge ude i fremtiden: afslutningen gælder med det samme.';
  if (programme.type === 'HELHEDSORIENTERET') return `Udfyldes feltet ikke, bruges slutdatoen, ${formatDate(day)}. En anden dato kan ikke ligge ude i fremtiden.`;
  return `Udfyldes feltet ikke, bruges slutdatoen, ${formatDate(day)}: forløbet afsluttes senest på sin slutdato. En anden dato skal ligge før den.`;
}

/**
 * The day a running forløb ended today with no day given ends on (endedOnWhenNoDate), as the
 * server saves it, in the words of a question ("… pr. {when} med årsagen …"): "i dag", or, past
 * its end date, "{end date}, forløbets slutdato," (it ends on that day, not today). One not begun
 * is stopped before it begins instead (stopsBeforeStart), which the question says in its own
 * words. "Afslut forløb" and "Registreret ved en fejl" ask this way.
 */
export function endedWithoutDay(today: string, programme: Pick<EditableProgramme, 'startDate' | 'endDate'>): string {
  const day = endedOnWhenNoDate(today, programme);
  return day === today ? 'i dag' : `${formatDate(day)}, forløbets slutdato,`;
}

/** The form's fields, offering only the reasons the server allows today, in the form's order; the hint names the day an empty date saves. */
export const endFields = (allowed: readonly EndReason[], dayHint: string): readonly FormField[] => [
  {
    key: 'endReason',
    label: 'Afslutningsårsag',
    input: 'select',
    required: true,
    options: [{ value: '', label: 'Vælg årsag' }, ...END_REASONS.filter((r) => allowed.includes(r)).map((r) => ({ value: r, label: END_REASON_LABELS[r] }))],
  },
  {
    key: 'endDate',
    label: 'Afsluttes pr.',
    input: 'date',
    hint: dayHint,
  },
];

/**
 * What ending the forløb depends on and does beyond the forløb itself, as the plan page has it
 * (PlanPageQuery keeps all of it; read from the cache, never asked of the server again): the
 * decision on what follows, the mentor grants, and the plan's interventions.
 */
export const EndProgrammeFactsQuery = graphql(`
  query EndProgrammeFacts($id: ID!) {
    plan(id: $id) {
      id
      programme {
        id
        nextStep {
          id
          status
          stepLabel
        }
      }
      mentorGrants {
        id
        startDate
        endDate
        mentor {
          id
          name
        }
      }
      interventions {
        id
        title
        status
        unit {
          id
          name
        }
      }
    }
  }
`);

/**
 * The samtaler on the plan as its Samtaler section read them (cache only, never asked of the
 * server again): those ahead, and those held whose fremmøde is missing. Apart from the facts, for
 * the section may not have read them: the question then says what it knows without them.
 */
export const EndProgrammeMeetingsQuery = graphql(`
  query EndProgrammeMeetings($id: ID!) {
    plan(id: $id) {
      id
      meetings(period: OPEN) {
        id
        status
        startsAt
      }
    }
  }
`);

type EndFacts = NonNullable<EndProgrammeFacts['plan']>;
type BookedSamtale = { status: string; startsAt: string };

/** The statuses of an intervention that has not ended: the end of the forløb leaves them as they are. */
export const OPEN_INTERVENTION: readonly InterventionStatus[] = ['PLANNED', 'ACTIVE', 'PAUSED'];

/**
 * Said over the fields when the decision on what follows is not taken, and the end therefore
 * refused for most reasons (the server's checkEnding, NEXT_STEP_NOT_DECIDED; STAR’s vejledning om
 * ressourceforløb 2020, afsnit 6.5): a proposal is no decision. Names the reasons that need none
 * among those offered. Null when the decision is taken, or the page does not know.
 */
export function undecidedNotice(facts: EndFacts | null, offered: readonly EndReason[], type?: ProgrammeType): string | null {
  const decision = facts?.programme?.nextStep;
  if (!facts?.programme || decision?.status === 'DECIDED') return null;
  const what = decision ? `Der er kun et forslag om indsatsen efter forløbet (${decision.stepLabel}); et forslag er ikke en beslutning.` : 'Der er ikke truffet beslutning om indsatsen efter forløbet.';
  const without = offered.filter((r) => END_REASONS_WITHOUT_NEXT_STEP.includes(r)).map((r) => `»${END_REASON_LABELS[r]}«`);
  const unless = without.length ? ` Uden beslutning kan forløbet kun afsluttes med årsagen ${without.length > 1 ? `${without.slice(0, -1).join(', ')} eller ${without[without.length - 1]}` : without[0]}.` : '';
  return `${what} Beslutningen skal træffes, før forløbet afsluttes (${ruleSource(type, '6.5')}).${unless}`;
}

/**
 * The samtaler the end calls off, said in the question: those still booked that begin after now,
 * whatever day the forløb is ended as of (meeting/cancel-at-programme-end.ts). One begun or over
 * whose fremmøde is missing stays, to be registered. Empty when none is.
 */
function calledOffSamtaler(meetings: readonly BookedSamtale[], now: number): string {
  const off = meetings.filter((m) => m.status === 'BOOKED' && new Date(m.startsAt).getTime() > now).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  if (!off.length) return '';
  const named = off.map((m) => formatDateTime(m.startsAt));
  const listed = named.length > 1 ? `${named.slice(0, -1).join(', ')} og ${named[named.length - 1]}` : named[0];
  return off.length > 1 ? `${off.length} bookede samtaler aflyses: ${listed}.` : `1 booket samtale aflyses: ${listed}.`;
}

/**
 * What the end does beyond the forløb, said in the question (the server's hooks on a programme's
 * end): a mentor grant that runs past the forløb's last day ends with it and its mentor's access
 * ends (mentor/close-at-programme-end.ts); one not begun by then is called off; the samtaler
 * booked after now are called off (calledOffSamtaler), where the page has read them. The plan's
 * interventions are not touched: each keeps its status, of whichever unit, and the plan of an
 * ended forløb is changed by nobody, so an intervention still planned stays so.
 */
export function endConsequences(facts: EndFacts | null, lastDay: string, meetings: readonly BookedSamtale[] = [], now = Date.now()): string {
  if (!facts) return '';
  const said: string[] = [];
  // Those already called off (ending before their first day) or ended by then are left as they are.
  const running = facts.mentorGrants.filter((g) => g.endDate >= g.startDate && g.endDate > lastDay);
  for (const g of running) {
    const who = g.mentor ? ` hos ${g.mentor.name}` : '';
    said.push(
      g.startDate > lastDay
        ? `Mentorstøtten${who} fra ${formatDate(g.startDate)} aflyses, for den er ikke begyndt.`
        : `Mentorstøtten${who} (bevilget til ${formatDate(g.endDate)}) afsluttes med forløbet, og mentoren mister adgangen til borgeren.`,
    );
  }
  const samtaler = calledOffSamtaler(meetings, now);
  if (samtaler) said.push(samtaler);
  const open = facts.interventions.filter((i) => OPEN_INTERVENTION.includes(i.status));
  if (open.length) {
    const named = open.map((i) => `»${i.title}« (${i.unit?.name ? `${i.unit.name}, ` : ''}${INTERVENTION_STATUS_LABELS[i.status].toLowerCase()})`);
    const listed = named.length > 1 ? `${named.slice(0, -1).join(', ')} og ${named[named.length - 1]}` : named[0];
    said.push(
      open.length > 1
        ? `Indsatserne på planen bliver stående, som de er: ${listed}. De afsluttes ikke med forløbet og kan ikke ændres bagefter, heller ikke af den enhed, der ejer dem.`
        : `Indsatsen på planen bliver stående, som den er: ${listed}. Den afsluttes ikke med forløbet og kan ikke ændres bagefter, heller ikke af den enhed, der ejer den.`,
    );
  }
  return said.length ? ` ${said.join(' ')}` : '';
}

/**
 * "Træf beslutning": to the plan's section Efter forløbet, opening its form where it is offered
 * (its focus then goes to the form's first field); else, as with a proposal to accept, to the
 * section's heading. A plain link to the heading where the section is not on the page.
 */
function goToDecision(event: MouseEvent<HTMLAnchorElement>, proposed: boolean): void {
  const heading = document.getElementById('next-step-heading');
  const section = heading?.closest('section');
  if (!heading || !section) return;
  event.preventDefault();
  const closed = proposed ? null : section.querySelector<HTMLButtonElement>('button[aria-expanded="false"]');
  if (closed) closed.click();
  else heading.focus();
  section.scrollIntoView?.({ block: 'start' });
}

/**
 * "Afslut forløb": ends the programme with a reason (Faaborg-Midtfyns borgerpjece om ressourceforløb; målgruppeanalyse af ressourceforløb og jobafklaringsforløb 2023), after the coordinator has
 * confirmed it, for an ended programme cannot be reopened. A newer save by someone else
 * is shown with the programme as it is now, and nothing is saved until they confirm again.
 */
export function EndProgrammeForm(props: {
  programme: EditableProgramme;
  /** Why it can no longer be saved (the plan taken from the viewer): the form stays with what is chosen, and asks nothing. */
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateProgrammeMutation);
  const programme = props.programme;
  // The reasons follow the programme while the form is open: a next step decided meanwhile
  // brings its own reason (e.g. "Ressourceforløb"), the choice made so far stays.
  // The day an empty "Afsluttes pr." saves follows the programme and the day: named in the hint and the question.
  const today = localDate(new Date());
  const dayHint = endDayHint(programme, today);
  const fields = useMemo(() => endFields(programme.endReasonOptions ?? END_REASONS, dayHint), [programme.endReasonOptions, dayHint]);
  // The plan page's own data (cache only): a decision taken meanwhile, live, takes the notice away.
  const planId = usePlanLive()?.planId;
  const { data: factsData } = useQuery(EndProgrammeFactsQuery, planId ? { variables: { id: planId }, fetchPolicy: 'cache-only' } : skipToken);
  const facts = factsData?.plan?.programme?.id === programme.id ? factsData.plan : null;
  const { data: meetingsData } = useQuery(EndProgrammeMeetingsQuery, planId ? { variables: { id: planId }, fetchPolicy: 'cache-only' } : skipToken);
  const undecided = undecidedNotice(facts, programme.endReasonOptions ?? END_REASONS, programme.type);
  // The version the form opened on, and the one to save on (the newest, after a conflict).
  const [openedOn] = useState(programme.version);
  const [openedEndDate] = useState(programme.endDate);
  const [version, setVersion] = useState(programme.version);
  // The ending rests on the end date: a newer version with the same end (another fact saved
  // meanwhile, maybe by the user in a form beside this one) is ended as it is now, no conflict.
  const endsOn = version === openedOn && programme.endDate === openedEndDate ? programme.version : version;
  const { values, set, problems, setProblems } = useFieldValues(() => ({ endReason: '', endDate: '' }));
  const [error, setError] = useState<unknown>(null);
  // The fields whose problem the form's own checks found at "Fortsæt" (not the server's): they
  // rest on the plan's data as well as on what is chosen, so they are judged again as it changes.
  const foundAtCheck = useRef<ReadonlySet<string>>(new Set());
  const [changedBy, setChangedBy] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  // Asked who saved the programme last: the programme's records do not name them, the live events do.
  const editing = useRecordEditing(programme.id, false);
  // The question and its focused button go when the server answers: the focus goes to what the
  // answer says, so a screen reader reads it out and the user's place is not lost to the page.
  // A refusal at a field is read from the error summary, which takes the focus itself.
  const changedNotice = useRef<HTMLParagraphElement>(null);
  const errorNotice = useRef<HTMLDivElement>(null);
  const [answer, setAnswer] = useState<{ notice: 'changed' | 'error' } | null>(null);
  useEffect(() => {
    if (answer) (answer.notice === 'changed' ? changedNotice : errorNotice).current?.focus();
  }, [answer]);

  const check = (): Problems => {
    const found: Problems = {};
    if (!values.endReason) found.endReason = 'Vælg, hvorfor forløbet afsluttes.';
    else if (programme.endReasonOptions && !programme.endReasonOptions.includes(values.endReason as EndReason)) {
      found.endReason = `${END_REASON_LABELS[values.endReason as EndReason] ?? 'Årsagen'} kan ikke længere vælges for forløbet. Vælg en anden årsag.`;
    } else if (undecided && !END_REASONS_WITHOUT_NEXT_STEP.includes(values.endReason)) {
      // The server's checkEnding, before the question rather than after it.
      found.endReason = NEXT_STEP_NOT_DECIDED_MESSAGE;
    }
    const end = values.endDate ?? '';
    // The server's checkEndingDay, in its order: past its end date, a ressourceforløb or jobafklaringsforløb ends on it at the latest;
    // never ahead of today; and its first day at the earliest (ended then, it ran that one day).
    if (end && programme.type !== 'HELHEDSORIENTERET' && end > programme.endDate && programme.endDate < today) found.endDate = endsAfterEndDateMessage(programme.endDate);
    else if (end && end > today) found.endDate = endsAheadMessage(end);
    else if (end && end < programme.startDate) found.endDate = endsBeforeStartMessage(programme.startDate);
    return found;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = check();
    foundAtCheck.current = new Set(Object.keys(found));
    setProblems(found);
    setError(null);
    if (Object.keys(found).length === 0) setConfirming(true);
  };

  // A problem found at "Fortsæt" follows the plan's data (the cache, live): one that no longer
  // holds goes, e.g. the decision on what follows taken meanwhile in Efter forløbet; one that still
  // holds stays, in the words that hold now. Typing in a field takes its problem away as before.
  useEffect(() => {
    if (foundAtCheck.current.size === 0) return;
    const still = check();
    const keys = [...foundAtCheck.current];
    foundAtCheck.current = new Set(keys.filter((key) => still[key] !== undefined));
    setProblems((cur) => {
      let next = cur;
      for (const key of keys) {
        if (cur[key] === undefined || cur[key] === still[key]) continue;
        next = still[key] === undefined ? without(next, key) : { ...next, [key]: still[key] };
      }
      return next;
    });
    // The data check() rests on besides the values, whose changes clear their field's problem themselves.
  }, [undecided, programme.endReasonOptions, programme.type, programme.startDate, programme.endDate, today]);

  const end = async () => {
    const endReason = values.endReason as EndReason;
    try {
      // Confirmed again after a conflict: the version the coordinator started from goes along, so
      // the server can tell the colleague whose saved change the ending replaces.
      const baseVersion = version !== openedOn ? openedOn : undefined;
      await update({ variables: { input: { id: programme.id, expectedVersion: endsOn, baseVersion, endReason, ...(values.endDate ? { endDate: values.endDate } : {}) } } });
      props.onDone(`Forløbet er afsluttet. Årsag: ${END_REASON_LABELS[endReason]}.`);
    } catch (e) {
      setConfirming(false);
      // Show the programme as it is now, and let the coordinator decide again on it.
      const c = programmeConflict(client.cache, e, setVersion);
      if (c) {
        const status = label(PROGRAMME_STATUS_LABELS, c.current.status as ProgrammeStatus);
        // The newer save may be the user's own, in another window of the plan: said so, not "en anden".
        setChangedBy(`${changedMeanwhile('Forløbet', editing.savedByMe(c.current))}, mens du havde formularen åben. Nu: slutdato ${formatDate(String(c.current.endDate))}, status ${status.toLowerCase()}. Intet er gemt. Se forløbet igen, og afslut det, hvis det stadig er rigtigt.`);
        setAnswer({ notice: 'changed' });
        return;
      }
      const keys = ['endReason', 'endDate'];
      const placing = { ruleFields: { PROGRAMME_NOT_EXTENDABLE: 'endDate', END_REASON_NOT_AVAILABLE: 'endReason' } };
      const atFields = problemsFromServer(e, keys, placing);
      // The server's words stay until their field is changed: the form cannot judge them.
      foundAtCheck.current = new Set();
      setProblems(atFields);
      // Said at its fields and in the summary, a field's problem is not said a third time in a box.
      setError(toldAtFields(e, keys, placing) ? null : e);
      if (Object.keys(atFields).length === 0) setAnswer({ notice: 'error' });
    }
  };

  // The day that is saved: the one given, else endedOnWhenNoDate's, named as the server saves it.
  const when = values.endDate ? formatDate(values.endDate) : endedWithoutDay(today, programme);
  const theProgramme = PROGRAMME_DEFINITE[programme.type] ?? 'forløbet';
  // Not begun and no day given: it is stopped before it begins, and the question says so.
  const stops = !values.endDate && stopsBeforeStart(today, programme);
  const reason = END_REASON_LABELS[values.endReason as EndReason];
  // What else the end does, as of the day the server ends it on.
  const also = endConsequences(facts, values.endDate || endedOnWhenNoDate(today, programme), meetingsData?.plan?.meetings ?? []);
  const question = stops
    ? `Stop ${theProgramme} for ${programme.citizen.name}, før det begynder ${formatDate(programme.startDate)}, med årsagen »${reason}«? Det har ikke kørt nogen dag.${also} Et afsluttet forløb kan ikke genåbnes.`
    : `Afslut ${theProgramme} for ${programme.citizen.name} pr. ${when} med årsagen »${reason}«?${also} Et afsluttet forløb kan ikke genåbnes.`;

  return (
    <form className="edit-form" onSubmit={submit} noValidate aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`} className="edit-form-title">
        Afslut forløbet
      </h3>
      {changedBy ? (
        <p className="notice notice-info" role="status" data-testid="programme-changed" ref={changedNotice} tabIndex={-1}>
          {changedBy}
        </p>
      ) : null}
      {undecided ? (
        <div className="notice notice-warning" data-testid="end-needs-decision">
          <p>{undecided}</p>
          <p>
            <a href="#next-step-heading" onClick={(e) => goToDecision(e, !!facts?.programme?.nextStep)}>
              Træf beslutning
            </a>
          </p>
        </div>
      ) : null}
      <AskFirstFields
        id={id}
        fields={fields}
        values={values}
        problems={problems}
        set={set}
        error={error}
        errorNotice={errorNotice}
        failedTitle="Forløbet blev ikke afsluttet"
        confirming={confirming}
        setConfirming={setConfirming}
        question={question}
        confirmLabel={stops ? 'Ja, stop forløbet' : 'Ja, afslut forløbet'}
        busyLabel={stops ? 'Stopper…' : 'Afslutter…'}
        loading={loading}
        cannotSave={props.cannotSave}
        onConfirm={() => void end()}
        onCancel={props.onCancel}
      />
    </form>
  );
}

/**
 * A CONFLICT on a programme, in a form that confirms before it sends: the programme as it is now
 * goes into the cache (the card shows it) and its version is the one to confirm on. Null for any
 * other error.
 */
export function programmeConflict(cache: ApolloCache, error: unknown, setVersion: (version: number) => void) {
  const c = conflictOf(error);
  if (!c) return null;
  applyEntityToCache(cache, c.current, { typename: 'Programme' });
  setVersion(c.current.version);
  return c;
}

/**
 * The fields of a form that asks before it sends a change that cannot simply be taken back
 * ("Afslut forløb", "Registreret ved en fejl"), and what follows them: the server's refusal, then
 * "Fortsæt"/"Annullér", or once the fields are checked the question with its confirmation and
 * "Fortryd". Typing in a field takes the question away; "Fortryd" goes back to the first field,
 * not to the page's top.
 */
export function AskFirstFields(props: {
  id: string;
  fields: readonly FormField[];
  values: Values;
  problems: Problems;
  set: (key: string, value: string) => void;
  error: unknown;
  errorNotice: RefObject<HTMLDivElement | null>;
  failedTitle: string;
  confirming: boolean;
  setConfirming: (confirming: boolean) => void;
  question: string;
  confirmLabel: string;
  busyLabel: string;
  loading: boolean;
  /** Why it can no longer be saved: said over the fields, which stay; no question is asked, only "Luk" offered. */
  cannotSave?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { id, setConfirming } = props;
  return (
    <>
      <StatusNotice message={props.cannotSave} />
      <FieldGrid
        id={id}
        fields={props.fields}
        values={props.values}
        problems={props.problems}
        onChange={(key, v) => {
          props.set(key, v);
          setConfirming(false);
        }}
      />
      {props.error ? (
        <div ref={props.errorNotice} tabIndex={-1}>
          <ErrorNotice error={props.error} title={failureTitle(props.problems, props.failedTitle)} />
        </div>
      ) : null}
      {props.confirming && !props.cannotSave ? (
        <ConfirmQuestion
          id={id}
          question={props.question}
          confirmLabel={props.confirmLabel}
          busyLabel={props.busyLabel}
          busy={props.loading}
          onConfirm={props.onConfirm}
          onCancel={() => {
            setConfirming(false);
            document.getElementById(`${id}-${props.fields[0].key}`)?.focus();
          }}
        />
      ) : (
        <FormActions loading={props.loading} busyLabel={props.busyLabel} submitLabel="Fortsæt" onCancel={props.onCancel} cannotSave={props.cannotSave} />
      )}
    </>
  );
}
