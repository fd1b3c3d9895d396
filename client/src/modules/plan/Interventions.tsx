import { addDays } from '@samplan/schema';
import { useRef, useState } from 'react';
import { formatDate, formatDayRange, formatWhen } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { INTERNSHIP_PURPOSE_LABELS, INTERVENTION_STATUS_LABELS, label, UNIT_KINDS } from '../../core/labels';
import { StatusNotice, Tag } from '../../core/ui';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import type { InterventionCard_InterventionFragment, UnitKind } from '../../gql/graphql';
import { DETAILS_WITHHELD_REASON } from '../consent/consentCache';
import { useWithheld } from '../consent/ConsentSection';
import { RecordHistory } from '../history/RecordHistory';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { HealthTalkSection } from './HealthTalkSection';
import { InterventionEditForm, type EditableIntervention } from './InterventionEditForm';
import { NewActivityForm } from './NewActivityForm';
import { NewInterventionForm, type SubGoalChoice } from './NewInterventionForm';
import { usePlanCannotSave, usePlanOpen } from './planOpen';

export const InterventionCardFragment = graphql(`
  fragment InterventionCard_Intervention on Intervention {
    __typename
    id
    version
    title
    kind
    kindLabel
    unitKind
    unit {
      id
      kind
      name
    }
    shortTermGoal
    status
    startDate
    endDate
    endReason
    pausedOn
    pauses {
      from
      to
    }
    notes
    updatedAt
    updatedBy {
      id
      name
    }
    subGoals {
      id
      text
    }
    ... on JobcenterIntervention {
      companyName
      hoursPerWeek
      internshipPurpose
      courseName
      healthTalkRight
      healthTalkAskedOn
      healthTalkBeforeStart
      healthTalkDecidedOn
      healthTalkOutcome
      healthTalkDecisionNote
    }
    ... on SocialIntervention {
      legalBasis
      provider
      hoursPerWeek
    }
    ... on HealthIntervention {
      provider
      sessionsPerMonth
      focus
    }
  }
`);

type Card = InterventionCard_InterventionFragment;

/**
 * An intervention that is Afsluttet or Annulleret takes no new steps (the server refuses
 * them): "Ny aktivitet" goes, and a form open when it ended says why it cannot be saved.
 */
const NO_NEW_ACTIVITY: Readonly<Partial<Record<Card['status'], string>>> = {
  COMPLETED: 'Indsatsen er afsluttet, så der kan ikke tilføjes aktiviteter til den.',
  CANCELLED: 'Indsatsen er annulleret, så der kan ikke tilføjes aktiviteter til den.',
};

const NO_SUB_GOALS: readonly SubGoalChoice[] = [];

/**
 * The pauses that have ended, oldest first, as "3. mar. – 13. apr. 2026": to the last day paused,
 * the day before `to`, the day it went on again; one ended the day it began, "3. mar. 2026 (samme
 * dag)", was paused on no whole day. The current one is "Sat på pause den".
 */
function earlierPauses(iv: Card): string | null {
  const ended = iv.pauses.flatMap((p) => {
    if (!p.to) return [];
    const lastDay = addDays(p.to, -1);
    return [lastDay < p.from ? `${formatDayRange(p.from, p.from)} (samme dag)` : formatDayRange(p.from, lastDay)];
  });
  return ended.length ? `Tidligere pauser: ${ended.join(', ')}` : null;
}

function facts(iv: Card): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const period = [formatDate(iv.startDate), formatDate(iv.endDate)];
  if (period[0] || period[1]) out.push(['Periode', `${period[0] || 'ikke fastsat'} – ${period[1] || 'ikke fastsat'}`]);
  // The day it was paused: ordinary hours count in the key figures until that day.
  if (iv.status === 'PAUSED' && iv.pausedOn) out.push(['Sat på pause den', formatDate(iv.pausedOn)]);
  if (iv.__typename === 'JobcenterIntervention') {
    if (iv.companyName) out.push(['Virksomhed', iv.companyName]);
    if (iv.internshipPurpose) out.push(['Formål', label(INTERNSHIP_PURPOSE_LABELS, iv.internshipPurpose)]);
    if (iv.courseName) out.push(['Kursus', iv.courseName]);
  }
  if (iv.__typename === 'SocialIntervention') {
    if (iv.legalBasis) out.push(['Lovgrundlag', iv.legalBasis]);
    if (iv.provider) out.push(['Leverandør', iv.provider]);
  }
  if (iv.__typename === 'HealthIntervention') {
    if (iv.provider) out.push(['Behandler', iv.provider]);
    if (iv.sessionsPerMonth != null) out.push(['Sessioner om måneden', String(iv.sessionsPerMonth)]);
    if (iv.focus) out.push(['Fokus', iv.focus]);
  }
  if ((iv.__typename === 'JobcenterIntervention' || iv.__typename === 'SocialIntervention') && iv.hoursPerWeek != null) {
    out.push(['Timer om ugen', String(iv.hoursPerWeek).replace('.', ',')]);
  }
  return out;
}

/**
 * One intervention: read-only, or with "Redigér" when my unit owns it, and "Ny aktivitet"
 * when my unit may also add to it (it is on the plan team, and the intervention has not
 * ended). A form left open when the programme or the intervention ends stays with what was
 * typed, and cannot be saved; closing it gives the focus to the card's heading, as its button
 * went with the end.
 */
export function InterventionCard(props: {
  intervention: FragmentType<typeof InterventionCardFragment>;
  editable: boolean;
  canAddActivity?: boolean;
  withheld?: boolean;
  /** The plan's delmål, which the edit form offers to link. */
  subGoals?: readonly SubGoalChoice[];
  /** I coordinate the plan (and it is open): I record the samtale with the sundhedskoordinator on an employment offer too. */
  isCoordinator?: boolean;
}) {
  const iv = getFragmentData(InterventionCardFragment, props.intervention);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const activityPanel = useFormPanel(heading);
  const cannotSave = usePlanCannotSave();
  const noNewActivity = NO_NEW_ACTIVITY[iv.status] ?? null;
  const offerActivity = !!props.canAddActivity && !noNewActivity;
  // The new activity's form stays with what was typed when the programme or the intervention ends meanwhile.
  const activityCannotSave = cannotSave ?? noNewActivity;
  const showActivity = offerActivity || (activityPanel.open && !!activityCannotSave);
  const highlight = useHighlight(iv.id);
  const headingId = `iv-${iv.id}`;
  const pausesGoneBy = earlierPauses(iv);

  return (
    <article
      className={`intervention${highlightClass(highlight)}`}
      aria-labelledby={headingId}
      data-testid="intervention"
      data-intervention-id={iv.id}
    >
      <div className="intervention-head">
        <h4 id={headingId} ref={heading} tabIndex={-1}>
          {iv.title}
        </h4>
        <span className={`status status-${iv.status.toLowerCase()}`} data-testid="intervention-status">
          {label(INTERVENTION_STATUS_LABELS, iv.status)}
        </span>
      </div>
      {pausesGoneBy ? (
        <p className="hint intervention-pauses" data-testid="intervention-earlier-pauses">
          {pausesGoneBy}
        </p>
      ) : null}
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={iv.id} />
      <p className="intervention-kind">{iv.kindLabel}</p>
      {editing ? (
        <InterventionEditForm
          intervention={iv as unknown as EditableIntervention}
          liveVersion={iv.version}
          subGoals={props.subGoals ?? NO_SUB_GOALS}
          cannotSave={cannotSave}
          onDone={(msg) => {
            setEditing(false);
            setMessage(msg ?? null);
            // Back to the button that opened the form; to the heading when the button went with the end.
            setTimeout(() => (editButton.current ?? heading.current)?.focus(), 0);
          }}
        />
      ) : (
        <>
          {props.withheld ? (
            <p className="details-withheld" data-testid="details-withheld">
              {DETAILS_WITHHELD_REASON}
            </p>
          ) : null}
          {iv.shortTermGoal ? (
            <p className="pre-line">
              <span className="label-inline">Kortsigtet mål:</span> {iv.shortTermGoal}
            </p>
          ) : null}
          <dl className="facts facts-compact">
            {facts(iv).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {iv.endReason ? (
            <p className="pre-line" data-testid="intervention-end-reason">
              <span className="label-inline">Begrundelse:</span> {iv.endReason}
            </p>
          ) : null}
          {iv.subGoals.length ? (
            <p className="hint">Understøtter: {iv.subGoals.map((g) => g.text).join('; ')}</p>
          ) : null}
          {iv.notes ? (
            <p className="pre-line">
              <span className="label-inline">Noter:</span> {iv.notes}
            </p>
          ) : null}
          <p className="updated-by">
            Senest ændret <time dateTime={iv.updatedAt}>{formatWhen(iv.updatedAt)}</time>
            {iv.updatedBy ? ` af ${iv.updatedBy.name}` : ''}
          </p>
        </>
      )}
      {!editing && iv.__typename === 'JobcenterIntervention' && iv.healthTalkRight ? (
        <HealthTalkSection offer={iv} canRecord={props.editable || !!props.isCoordinator} cannotSave={cannotSave} />
      ) : null}
      <StatusNotice message={message} />
      {/* "Ny aktivitet" and its form stay while the edit form takes the card's place: a form open with what is typed in it is not closed by another. */}
      {(props.editable && !editing) || offerActivity ? (
        <div className="actions">
          {props.editable && !editing ? (
            <button
              ref={editButton}
              type="button"
              className="button button-secondary"
              onClick={() => {
                setMessage(null);
                setEditing(true);
              }}
            >
              Redigér<span className="visually-hidden"> {iv.title}</span>
            </button>
          ) : null}
          {offerActivity ? (
            <button
              {...activityPanel.buttonProps}
              className="button button-secondary"
              onClick={() => {
                setMessage(null);
                activityPanel.buttonProps.onClick();
              }}
            >
              Ny aktivitet<span className="visually-hidden"> i {iv.title}</span>
            </button>
          ) : null}
        </div>
      ) : null}
      {showActivity ? (
        <div {...activityPanel.panelProps}>
          {activityPanel.open ? (
            <NewActivityForm
              interventionId={iv.id}
              interventionTitle={iv.title}
              interventionPeriod={iv}
              cannotSave={activityCannotSave}
              onCancel={activityPanel.close}
              onDone={(msg) => {
                setMessage(msg);
                activityPanel.close();
              }}
            />
          ) : null}
        </div>
      ) : null}
      {editing ? null : <RecordHistory recordId={iv.id} title={iv.title} />}
    </article>
  );
}

/** A unit as the plan page knows it: which one (id), what it delivers (kind), and its name. */
export interface UnitRef {
  id: string;
  kind: UnitKind;
  name: string;
}

/**
 * Indsatser grouped by the unit that delivers them — by unit, not by kind, since two units of
 * one kind can be on a team, each owning its own; mine first, editable, and where I add new ones.
 */
export function InterventionsSection(props: {
  interventions: ReadonlyArray<FragmentType<typeof InterventionCardFragment>>;
  /** My unit: its group shows before it has any interventions. */
  myUnit: UnitRef | null | undefined;
  /** The units on the plan's team: each has its group, also before it has written any interventions. */
  team?: readonly UnitRef[];
  planId: string;
  /** My unit is on the plan team and I am its staff: I may add interventions and activities. */
  canCreate: boolean;
  /** Sub-goals a new intervention can support. */
  subGoals: readonly SubGoalChoice[];
  /** I coordinate the plan: I record the samtale with the sundhedskoordinator on the jobcenter's offers too (LAB §113, stk. 3). */
  isCoordinator?: boolean;
}) {
  const [message, setMessage] = useState<string | null>(null);
  // Another unit's health or social details without the citizen's consent or a legal basis (consent module).
  const withheld = useWithheld(props.planId);
  const list = props.interventions.map((ref) => ({ ref, iv: getFragmentData(InterventionCardFragment, ref) }));
  const myId = props.myUnit?.id;
  const open = usePlanOpen();
  const cannotSave = usePlanCannotSave();
  // "Ny indsats" left open when the programme ends stays with what was typed (its group with
  // it, though my unit has no interventions), and cannot be saved; its button goes.
  const heading = useRef<HTMLHeadingElement>(null);
  const newPanel = useFormPanel(heading);
  const showNew = props.canCreate || (newPanel.open && !!cannotSave);
  const byUnit = new Map<string, { unit: UnitRef; items: typeof list }>();
  if (showNew && props.myUnit) byUnit.set(props.myUnit.id, { unit: props.myUnit, items: [] });
  // Another unit on the team writes its own interventions here: its group says so before it has any.
  for (const unit of props.team ?? []) if (unit.id !== myId && !byUnit.has(unit.id)) byUnit.set(unit.id, { unit, items: [] });
  for (const x of list) {
    const group = byUnit.get(x.iv.unit.id) ?? { unit: x.iv.unit, items: [] };
    group.items.push(x);
    byUnit.set(x.iv.unit.id, group);
  }
  const groups = [...byUnit.values()].sort(
    (a, b) =>
      Number(b.unit.id === myId) - Number(a.unit.id === myId) ||
      UNIT_KINDS.indexOf(a.unit.kind) - UNIT_KINDS.indexOf(b.unit.kind) ||
      a.unit.name.localeCompare(b.unit.name, 'da'),
  );

  return (
    <section className="card" aria-labelledby="interventions-heading">
      <h2 id="interventions-heading" ref={heading} tabIndex={-1}>
        Indsatser
      </h2>
      {list.length === 0 ? <p className="hint">Der er ingen indsatser i planen endnu.</p> : null}
      {groups.map((g) => {
        const mine = g.unit.id === myId;
        const mayEdit = mine && open;
        const unitName = g.unit.name;
        return (
          <section key={g.unit.id} className="unit-group" aria-labelledby={`unit-${g.unit.id}`}>
            <h3 id={`unit-${g.unit.id}`}>
              {unitName}
              {/* The reader's, not the citizen's: not on the printed plan. */}
              {mine ? <span className="no-print"><Tag>Din enhed</Tag></span> : null}
            </h3>
            {!mine && g.items.length === 0 ? <p className="hint">Ingen indsatser endnu. Kun {unitName} kan oprette dem.</p> : null}
            {!mine && g.items.length > 0 ? <p className="hint no-print">Kun {unitName} kan ændre disse indsatser.</p> : null}
            {mine && g.items.length === 0 && list.length > 0 ? <p className="hint">{unitName} har ingen indsatser i planen endnu.</p> : null}
            <div className="intervention-list">
              {g.items.map(({ ref, iv }) => (
                <InterventionCard
                  key={iv.id}
                  intervention={ref}
                  editable={mayEdit}
                  canAddActivity={mayEdit && props.canCreate}
                  withheld={withheld.has(iv.id)}
                  subGoals={props.subGoals}
                  isCoordinator={!!props.isCoordinator && open}
                />
              ))}
            </div>
            {mine && showNew ? (
              <>
                <StatusNotice message={message} />
                <div className="disclosure">
                  {props.canCreate ? (
                    <button {...newPanel.buttonProps} className="button button-secondary">
                      Ny indsats
                    </button>
                  ) : null}
                  <div {...newPanel.panelProps}>
                    {newPanel.open ? (
                      <NewInterventionForm
                        planId={props.planId}
                        unit={g.unit.kind}
                        unitName={unitName}
                        subGoals={props.subGoals}
                        cannotSave={cannotSave}
                        onCancel={newPanel.close}
                        onDone={(done) => {
                          setMessage(done);
                          newPanel.close();
                        }}
                      />
                    ) : null}
                  </div>
                </div>
              </>
            ) : null}
          </section>
        );
      })}
    </section>
  );
}
