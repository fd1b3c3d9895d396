import { useMutation } from '@apollo/client/react';
import { addDays, addMonths, daysBetween, formatDanishDate, LAW_VERSION_LAWS, latestSuspensionEnd, suspensionTooLongMessage, TEXT_LIMITS, todayInDenmark } from '@samplan/schema';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { formatDate } from '../../core/format';
import { ConfirmQuestion } from '../../core/forms/FormParts';
import { ErrorNotice } from '../../core/ui';
import { VersionedEditForm, type FormField, type Values } from '../../core/forms/VersionedEditForm';
import { label, LAW_VERSION_LABELS, SUSPENSION_REASON_LABELS } from '../../core/labels';
import { graphql } from '../../gql';
import { planPeriodCut, PROGRAMME_STALE_NOTICE } from './ProgrammeEndForms';
import type { LawVersion, ProgrammeType, SuspensionReason } from '../../gql/graphql';
import { ruleSource } from './programmeSources';

export { canSuspend } from './programmeSources';

/** "1 dag", "184 dage". */
export function dayCount(days: number): string {
  return `${days} ${days === 1 ? 'dag' : 'dage'}`;
}

/** "Reglerne fra 1. januar 2022 (lov nr. 1160 af 8. juni 2021)": the act behind each version from the table both tiers share. */
export function lawVersionText(version: LawVersion): string {
  return `${label(LAW_VERSION_LABELS, version)} (${LAW_VERSION_LAWS[version]})`;
}

/** The indsatsgaranti (LAB §113, stk. 2) belongs to a ressourceforløb under the rules from 2022. */
export function hasGuarantee(p: { type: ProgrammeType; lawVersion: LawVersion }): boolean {
  return p.type === 'RESSOURCEFORLOEB' && p.lawVersion === 'RULES_2022';
}

/**
 * The rehabiliteringsteam's meeting starts the first-samtale reminder (STAR’s vejledning om
 * ressourceforløb 2020, afsnit 5.2). The municipality's own forløb has no such team, and from
 * 1 February 2026 the law no longer requires one (lov nr. 1750 af 29. december 2025): a
 * jobafklaringsforløb under those rules is not asked for the meeting, and one recorded anyway
 * can still be corrected. Under the earlier rules it is asked for.
 */
export function hasTeamMeeting(p: { type: ProgrammeType; lawVersion?: LawVersion | null; teamMeetingDate?: string | null }): boolean {
  if (p.type === 'HELHEDSORIENTERET') return false;
  return p.lawVersion !== 'REFORM_2026' || !!p.teamMeetingDate;
}

export const AddSuspensionMutation = graphql(`
  mutation AddProgrammeSuspension($input: AddProgrammeSuspensionInput!) {
    addProgrammeSuspension(input: $input) {
      id
      endDate
      ...ProgrammeSummary_Programme
      ...Warnings_Programme
    }
  }
`);

export const RemoveSuspensionMutation = graphql(`
  mutation RemoveProgrammeSuspension($input: RemoveProgrammeSuspensionInput!) {
    removeProgrammeSuspension(input: $input) {
      id
      endDate
      ...ProgrammeSummary_Programme
      ...Warnings_Programme
    }
  }
`);

/**
 * One barsel period in the programme's list, with "Fjern" for the coordinator: a period
 * registered by mistake (the wrong dates, the wrong forløb) is taken out again, and the end
 * date moves back by its days. The question says to which day; after it, focus goes to what
 * happened (`onRemoved`), or back to "Fjern" when the server refused.
 */
export function SuspensionItem(props: {
  period: { id: string; fromDate: string; toDate: string; days: number; reason: SuspensionReason; note: string };
  programme: { id: string; version: number; endDate: string };
  /** The plan period's last day: past the end the removal leaves, it is cut back, and the question says so. */
  planPeriodEnd?: string;
  canRemove: boolean;
  onRemoved: (message: string) => void;
}) {
  const { period, programme } = props;
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [remove, { loading }] = useMutation(RemoveSuspensionMutation);
  const button = useRef<HTMLButtonElement>(null);
  const backToButton = useRef(false);
  useEffect(() => {
    if (!asking && backToButton.current) button.current?.focus();
    backToButton.current = false;
  }, [asking]);
  const backEnd = addDays(programme.endDate, -period.days);
  const dates = `${formatDate(period.fromDate)}–${formatDate(period.toDate)}`;
  const close = () => {
    backToButton.current = true;
    setAsking(false);
  };

  return (
    <li>
      <time dateTime={period.fromDate}>{formatDate(period.fromDate)}</time>–<time dateTime={period.toDate}>{formatDate(period.toDate)}</time> ({dayCount(period.days)}):{' '}
      {label(SUSPENSION_REASON_LABELS, period.reason)}
      {period.note ? `. ${period.note}` : ''}
      {props.canRemove ? (
        asking ? (
          <ConfirmQuestion
            id={`remove-${period.id}`}
            question={`Fjern ${dates}? Brug det kun, hvis perioden er registreret ved en fejl. Slutdatoen flyttes ${dayCount(period.days)} tilbage til ${formatDate(backEnd)}.${planPeriodCut(props.planPeriodEnd, backEnd)}`}
            confirmLabel="Ja, fjern perioden"
            busyLabel="Fjerner…"
            busy={loading}
            onConfirm={() => {
              setError(null);
              remove({ variables: { input: { suspensionId: period.id, expectedVersion: programme.version } } }).then(
                (result) => {
                  const end = result.data?.removeProgrammeSuspension.endDate;
                  props.onRemoved(`Perioden ${dates} er fjernet.${end ? ` Ny slutdato: ${formatDate(end)}.` : ''}`);
                },
                (e: unknown) => {
                  setError(e);
                  close();
                },
              );
            }}
            onCancel={close}
          />
        ) : (
          <>
            {' '}
            <button ref={button} type="button" className="button button-secondary button-small" onClick={() => setAsking(true)}>
              Fjern<span className="visually-hidden"> perioden {dates}</span>
            </button>
          </>
        )
      ) : null}
      {error ? <ErrorNotice error={error} title="Perioden blev ikke fjernet" /> : null}
    </li>
  );
}

/** The facts the coordinator records on the programme: the team meeting, the indsatsgaranti's follow-up. */
export const UpdateProgrammeFactsMutation = graphql(`
  mutation UpdateProgrammeFacts($input: UpdateProgrammeInput!) {
    updateProgramme(input: $input) {
      id
      ...ProgrammeSummary_Programme
      ...Warnings_Programme
    }
  }
`);

const SUSPENSION_REASONS: readonly SuspensionReason[] = ['BARSEL'];

const SUSPENSION_FIELDS: readonly FormField[] = [
  { key: 'fromDate', label: 'Fra og med', input: 'date', required: true, requiredMessage: 'Vælg periodens første dag.', format: (v) => formatDate(String(v)) },
  { key: 'toDate', label: 'Til og med', input: 'date', required: true, requiredMessage: 'Vælg periodens sidste dag.', format: (v) => formatDate(String(v)) },
  {
    key: 'reason',
    label: 'Årsag',
    input: 'select',
    required: true,
    options: SUSPENSION_REASONS.map((r) => ({ value: r, label: SUSPENSION_REASON_LABELS[r] })),
    format: (v) => label(SUSPENSION_REASON_LABELS, v as SuspensionReason),
  },
  { key: 'note', label: 'Bemærkning', input: 'textarea', maxChars: TEXT_LIMITS.short },
];

/** What a new period rests on: the end date it moves, and the periods already registered (their days). */
const SUSPENSION_WATCHED = ['endDate', 'suspendedDays'];

export function checkSuspension(values: Values): Record<string, string> {
  const from = values.fromDate ?? '';
  const to = values.toDate ?? '';
  if (!from || !to) return {};
  if (to < from) return { toDate: 'Perioden skal slutte samme dag eller efter, den starter.' };
  return to > latestSuspensionEnd(from) ? { toDate: suspensionTooLongMessage(from) } : {};
}

/**
 * "Registrér barsel/suspension": a period that does not count towards the programme's
 * length; the server moves the end date by its days and answers with the new end.
 */
export function AddSuspensionForm(props: {
  programme: { id: string; version: number; endDate: string; suspendedDays: number };
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [add, { loading }] = useMutation(AddSuspensionMutation);
  const newEnd = useRef<string | null>(null);
  const { programme } = props;
  return (
    <VersionedEditForm
      heading="Registrér barsel/suspension"
      intro={<p className="hint">Perioden tæller ikke med i forløbets varighed: slutdatoen flyttes de dage senere (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).</p>}
      subject="Forløbet"
      typename="Programme"
      fields={SUSPENSION_FIELDS}
      // The period is no field of the programme: what it rests on is the end it moves and the periods already there.
      record={{ fromDate: '', toDate: '', reason: 'BARSEL', note: '', endDate: programme.endDate, suspendedDays: programme.suspendedDays, version: programme.version }}
      liveRecord={programme}
      watched={SUSPENSION_WATCHED}
      staleNotice={PROGRAMME_STALE_NOTICE}
      cannotSave={props.cannotSave}
      check={checkSuspension}
      // A registered period cannot be taken out again: asked before it is sent.
      confirm={(changed) => {
        const days = daysBetween(String(changed.fromDate), String(changed.toDate)) + 1;
        return `Registrér ${formatDate(String(changed.fromDate))}–${formatDate(String(changed.toDate))} (${dayCount(days)})? Slutdatoen flyttes ${dayCount(days)} senere. Er den registreret ved en fejl, kan den fjernes igen.`;
      }}
      confirmLabel="Ja, registrér perioden"
      save={async (changed, expectedVersion, onTopOf, baseVersion) => {
        // After a conflict, onTopOf is the programme as it is now: the reason left at its default is not in it.
        const all = { reason: 'BARSEL', ...onTopOf, ...changed } as { fromDate: string; toDate: string; reason: SuspensionReason; note?: string | null };
        const result = await add({
          variables: {
            input: {
              programmeId: programme.id,
              expectedVersion: expectedVersion ?? programme.version,
              baseVersion,
              fromDate: all.fromDate,
              toDate: all.toDate,
              reason: all.reason,
              note: (all.note ?? '').trim(),
            },
          },
        });
        newEnd.current = result.data?.addProgrammeSuspension.endDate ?? null;
        return result;
      }}
      loading={loading}
      submitLabel="Registrér periode"
      failedTitle="Perioden blev ikke registreret"
      savedMessage={() => `Perioden er registreret.${newEnd.current ? ` Ny slutdato: ${formatDate(newEnd.current)}.` : ''}`}
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

const GUARANTEE_FIELDS: readonly FormField[] = [
  {
    key: 'guaranteeTeamDate',
    label: 'Forelagt rehabiliteringsteamet den',
    input: 'date',
    hint: 'Dagen, sagen blev forelagt rehabiliteringsteamet, fordi der ikke var en indsats i gang inden 6 måneder.',
    format: (v) => (v ? formatDate(String(v)) : '–'),
  },
  {
    key: 'guaranteeSpecialReasons',
    label: 'Særlige grunde',
    input: 'textarea',
    hint: 'De særlige grunde, der taler imod at forelægge sagen for rehabiliteringsteamet.',
    maxChars: TEXT_LIMITS.short,
    // Emptied: the reasons are taken back (null), not saved as an empty text.
    apiValue: (text) => text.trim() || null,
  },
];

/**
 * The team's meeting is the follow-up of a deadline passed with no intervention begun
 * (start + 6 months, LAB §113, stk. 2): not in the future, and after the deadline.
 */
export function checkGuarantee(values: Values, startDate: string, now: string = todayInDenmark()): Record<string, string> {
  const day = values.guaranteeTeamDate ?? '';
  if (!day) return {};
  if (day > now) return { guaranteeTeamDate: 'Datoen kan ikke ligge frem i tiden.' };
  const due = addMonths(startDate, 6);
  return day <= due
    ? { guaranteeTeamDate: `Sagen forelægges rehabiliteringsteamet, når fristen for indsatsgarantien (${formatDanishDate(due)}) er overskredet uden en påbegyndt indsats. Vælg en dag efter fristen.` }
    : {};
}

/**
 * A form of facts the coordinator records on the programme, saved against its version; a
 * change of other facts meanwhile (by another form of the panel, say) is no conflict with it.
 */
function ProgrammeFactsForm(props: {
  programme: { id: string; version: number } & Record<string, unknown>;
  heading: string;
  intro?: ReactNode;
  fields: readonly FormField[];
  record: Values;
  check: (values: Values) => Record<string, string>;
  failedTitle: string;
  savedMessage: string;
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const [update, { loading }] = useMutation(UpdateProgrammeFactsMutation);
  const { programme } = props;
  return (
    <VersionedEditForm
      heading={props.heading}
      intro={props.intro}
      subject="Forløbet"
      typename="Programme"
      fields={props.fields}
      record={{ ...props.record, version: programme.version }}
      liveRecord={programme}
      staleNotice={PROGRAMME_STALE_NOTICE}
      cannotSave={props.cannotSave}
      check={props.check}
      save={(changed, expectedVersion, _onTopOf, baseVersion) =>
        update({ variables: { input: { id: programme.id, expectedVersion: expectedVersion ?? programme.version, baseVersion, ...changed } } })
      }
      loading={loading}
      submitLabel="Gem"
      failedTitle={props.failedTitle}
      savedMessage={props.savedMessage}
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

/**
 * Indsatsgaranti (LAB §113, stk. 2): without an offer within 6 months the case goes before the rehabiliteringsteam,
 * unless special reasons speak against it. The coordinator records which.
 */
export function GuaranteeForm(props: {
  programme: { id: string; version: number; startDate: string; guaranteeTeamDate?: string | null; guaranteeSpecialReasons?: string | null };
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { programme } = props;
  return (
    <ProgrammeFactsForm
      programme={programme}
      heading="Opfølgning på indsatsgarantien"
      intro={<p className="hint">Udfyld dagen for forelæggelsen, eller skriv de særlige grunde, der taler imod den (LAB §113, stk. 2).</p>}
      fields={GUARANTEE_FIELDS}
      record={{ guaranteeTeamDate: programme.guaranteeTeamDate ?? '', guaranteeSpecialReasons: programme.guaranteeSpecialReasons ?? '' }}
      check={(values) => checkGuarantee(values, programme.startDate)}
      failedTitle="Opfølgningen blev ikke gemt"
      savedMessage="Opfølgningen på indsatsgarantien er gemt."
      cannotSave={props.cannotSave}
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}

export const TEAM_MEETING_FIELD: FormField = {
  key: 'teamMeetingDate',
  label: 'Møde i rehabiliteringsteamet',
  input: 'date',
  hint: `Dagen, rehabiliteringsteamet behandlede sagen. Første samtale anbefales senest en uge efter (${ruleSource('RESSOURCEFORLOEB', '5.2')}).`,
  format: (v) => (v ? formatDate(String(v)) : '–'),
};

const HEALTH_TALK_FIELD: FormField = {
  key: 'healthTalkGuidedOn',
  label: 'Vejledt om samtale med sundhedskoordinator',
  input: 'date',
  hint: 'Dagen, borgeren skriftligt blev vejledt om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler; senest med det første beskæftigelsesrettede tilbud (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2).',
  format: (v) => (v ? formatDate(String(v)) : '–'),
};

/**
 * A day the coordinator records on the programme, one field in its own small form: not
 * ahead of today, and required once the form is open.
 */
export interface DayFact {
  field: FormField;
  heading: string;
  missing: string;
  ahead: string;
  failedTitle: string;
  savedMessage: string;
}

/** The team meeting's field for a forløb of this type: the first samtale's recommendation cited for it. */
export function teamMeetingField(type: ProgrammeType): FormField {
  return { ...TEAM_MEETING_FIELD, hint: `Dagen, rehabiliteringsteamet behandlede sagen. Første samtale anbefales senest en uge efter (${ruleSource(type, '5.2')}).` };
}

/** "Møde i rehabiliteringsteamet" for a forløb of this type. */
export function teamMeetingFact(type: ProgrammeType): DayFact {
  return { ...TEAM_MEETING_FACT, field: teamMeetingField(type) };
}

/** "Møde i rehabiliteringsteamet": the day the team met on the case. */
export const TEAM_MEETING_FACT: DayFact = {
  field: TEAM_MEETING_FIELD,
  heading: 'Møde i rehabiliteringsteamet',
  missing: 'Vælg dagen for mødet.',
  ahead: 'Mødet i rehabiliteringsteamet kan ikke ligge frem i tiden.',
  failedTitle: 'Mødet blev ikke gemt',
  savedMessage: 'Mødet i rehabiliteringsteamet er gemt.',
};

/** The day the citizen was told of the right to the samtale with the sundhedskoordinator. */
export const HEALTH_TALK_FACT: DayFact = {
  field: HEALTH_TALK_FIELD,
  heading: 'Vejledning om samtale med sundhedskoordinator',
  missing: 'Vælg dagen for vejledningen.',
  ahead: 'Vejledningen kan ikke ligge frem i tiden.',
  failedTitle: 'Vejledningen blev ikke gemt',
  savedMessage: 'Vejledningen om samtale med sundhedskoordinator er gemt.',
};

export function checkDayFact(fact: DayFact, values: Values, now: string = todayInDenmark()): Record<string, string> {
  const key = fact.field.key;
  const day = values[key] ?? '';
  if (!day) return { [key]: fact.missing };
  return day > now ? { [key]: fact.ahead } : {};
}

/** The coordinator records (or corrects) one day of the programme's (DayFact). */
export function DayFactForm(props: {
  fact: DayFact;
  programme: { id: string; version: number } & Record<string, unknown>;
  cannotSave?: string | null;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const { fact } = props;
  const key = fact.field.key;
  return (
    <ProgrammeFactsForm
      programme={props.programme}
      heading={fact.heading}
      fields={[fact.field]}
      record={{ [key]: (props.programme[key] as string | null | undefined) ?? '' }}
      check={(values) => checkDayFact(fact, values)}
      failedTitle={fact.failedTitle}
      savedMessage={fact.savedMessage}
      cannotSave={props.cannotSave}
      onDone={props.onDone}
      onCancel={props.onCancel}
    />
  );
}
