import { useEffect, useRef, useState } from 'react';
import { formatDate, formatTimeLeft } from '../../core/format';
import { PanelButton, useFormPanel } from '../../core/forms/FormPanel';
import { END_REASON_LABELS, label, PROGRAMME_STATUS_LABELS, PROGRAMME_TYPE_LABELS } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { JobFacilitatorSection } from './JobFacilitatorSection';
import { ChangeEndDateForm, EndProgrammeForm } from './ProgrammeEndForms';
import { PROGRAMME_ENDED_NOTICE, usePlanAccessLost, usePlanCannotSave } from './planOpen';
import { RegisteredInError } from './RegisteredInError';
import { AddSuspensionForm, canSuspend, dayCount, DayFactForm, SuspensionItem, GuaranteeForm, hasGuarantee, hasTeamMeeting, HEALTH_TALK_FACT, lawVersionText, teamMeetingFact } from './ProgrammeLaw';
import { ruleSource, transitionNote } from './programmeSources';

export const ProgrammeSummaryFragment = graphql(`
  fragment ProgrammeSummary_Programme on Programme {
    id
    version
    type
    status
    startDate
    endDate
    endReason
    endReasonOptions
    daysLeft
    decisionDate
    lawVersion
    continuesUnderTransitionRule
    citizenRequested
    teamMeetingDate
    guaranteeTeamDate
    guaranteeSpecialReasons
    healthTalkGuidedOn
    ...RegisteredInError_Programme
    suspendedDays
    suspensions {
      id
      fromDate
      toDate
      days
      reason
      note
    }
    citizen {
      id
      name
    }
    ...JobFacilitatorSection_Programme
  }
`);

/** A day as `<time>`. */
function Day({ date }: { date: string }) {
  return <time dateTime={date}>{formatDate(date)}</time>;
}

type PanelName = 'endDate' | 'end' | 'suspend' | 'guarantee' | 'teamMeeting' | 'healthTalk';

/**
 * Forløbet: type, law, status and its fixed start and end. The coordinator may move the end
 * earlier or end the programme ("Afslut forløb"), never extend it (its length is fixed in the decision); only a
 * suspension (barsel) moves a ressourceforløb's end later (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). Moving the end and ending a ressource- or jobafklaringsforløb is a decision
 * under employment law (`canEnd`: a caseworker of the jobcenter, STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).
 */
export function ProgrammeSummary(props: {
  programme: FragmentType<typeof ProgrammeSummaryFragment>;
  /** The plan period's last day: moving the end before it cuts it back, and the question says so. */
  planPeriodEnd?: string;
  canEdit?: boolean;
  canEnd?: boolean;
}) {
  const programme = getFragmentData(ProgrammeSummaryFragment, props.programme);
  // A colleague's change of the forløb itself (its end date, a suspension, the end): not a
  // decision on what follows, which "Efter forløbet" shows (modules/live/events.ts).
  const highlight = useHighlight('section:programme');
  // A form left open when the programme ends has lost its button: closing it gives the focus to the section.
  const heading = useRef<HTMLHeadingElement>(null);
  const panels: Record<PanelName, ReturnType<typeof useFormPanel>> = {
    endDate: useFormPanel(heading),
    end: useFormPanel(heading),
    suspend: useFormPanel(heading),
    guarantee: useFormPanel(heading),
    teamMeeting: useFormPanel(heading),
    healthTalk: useFormPanel(heading),
  };
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const [focusMessage, setFocusMessage] = useState(false);
  const active = programme.status === 'ACTIVE';
  // The plan taken from me (planOpen.ts): nothing is offered, and a form open stays, unsaveable.
  const accessLost = usePlanAccessLost();
  const planCannotSave = usePlanCannotSave();
  const canEnd = props.canEnd ?? props.canEdit;
  const offered = active && !accessLost && (props.canEdit || canEnd);
  // Ended (by the user's own "Afslut forløb" or by someone else) with another form open: the
  // form stays with what is typed in it, and says why it can no longer be saved. The end form's
  // own work is done then: it is not kept.
  // Taken from the viewer while the forløb runs, the end form's work is not done: it stays too.
  const keptOpen = (Object.keys(panels) as PanelName[]).some((name) => (name !== 'end' || accessLost) && panels[name].open);
  const cannotSave = active ? (accessLost ? planCannotSave : null) : PROGRAMME_ENDED_NOTICE;
  const guarantee = hasGuarantee(programme);
  const transition = transitionNote(programme);
  // Ending the programme takes its buttons away: focus goes to what happened, not to the page's top.
  useEffect(() => {
    if (!focusMessage) return;
    messageRef.current?.focus();
    setFocusMessage(false);
  }, [focusMessage]);

  /** A form's button in the row; each form opens and closes by its own button, and any others open stay with what is typed in them. */
  const button = (name: PanelName, text: string) => (
    <PanelButton panel={panels[name]} onClick={() => setMessage(null)}>
      {text}
    </PanelButton>
  );
  const saved = (name: PanelName) => (m: string) => {
    setMessage(m);
    panels[name].close();
  };

  return (
    <section className={`card${highlightClass(highlight)}`} aria-labelledby="programme-heading" data-testid="programme-section">
      <h2 id="programme-heading" ref={heading} tabIndex={-1}>
        Forløb
      </h2>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={programme.id} />
      <dl className="facts">
        <div>
          <dt>Forløbstype</dt>
          <dd>{PROGRAMME_TYPE_LABELS[programme.type] ?? programme.type}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="programme-status">{PROGRAMME_STATUS_LABELS[programme.status] ?? programme.status}</dd>
        </div>
        <div className="fact-wide">
          <dt>Lovgrundlag</dt>
          <dd data-testid="programme-law">
            {lawVersionText(programme.lawVersion)}
            {/* The 2022 age rules give way to the citizen's own wish (lov nr. 1160 af 8. juni 2021). */}
            {programme.citizenRequested ? <span className="hint"> Borgeren ønskede selv forløbet.</span> : null}
            {transition ? (
              <span className="hint" data-testid="programme-transition">
                {' '}
                {transition}
              </span>
            ) : null}
          </dd>
        </div>
        <div>
          <dt>Afgørelsesdato</dt>
          <dd data-testid="programme-decision-date">
            <Day date={programme.decisionDate} />
          </dd>
        </div>
        <div>
          <dt>Startdato</dt>
          <dd>
            <Day date={programme.startDate} />
          </dd>
        </div>
        <div>
          <dt>Slutdato</dt>
          <dd data-testid="programme-end">
            <Day date={programme.endDate} />
          </dd>
        </div>
        {programme.endReason ? (
          <div>
            <dt>Afslutningsårsag</dt>
            <dd>{label(END_REASON_LABELS, programme.endReason)}</dd>
          </div>
        ) : (
          <div>
            <dt>Tid tilbage</dt>
            <dd data-testid="programme-time-left">{formatTimeLeft(programme.daysLeft)}</dd>
          </div>
        )}
        {programme.teamMeetingDate ? (
          <div>
            <dt>Møde i rehabiliteringsteamet</dt>
            <dd data-testid="programme-team-meeting">
              <Day date={programme.teamMeetingDate} />
            </dd>
          </div>
        ) : null}
        {programme.suspensions.length ? (
          <div className="fact-wide">
            <dt>Barsel og suspension</dt>
            <dd data-testid="programme-suspensions">
              <ul className="plain-list">
                {programme.suspensions.map((s) => (
                  <SuspensionItem
                    key={s.id}
                    period={s}
                    programme={programme}
                    planPeriodEnd={props.planPeriodEnd}
                    canRemove={active && !accessLost && !!props.canEdit && canSuspend(programme)}
                    onRemoved={(m) => {
                      setMessage(m);
                      setFocusMessage(true);
                    }}
                  />
                ))}
              </ul>
              <span className="hint">Slutdatoen er flyttet {dayCount(programme.suspendedDays)} senere.</span>
            </dd>
          </div>
        ) : null}
        {guarantee || programme.guaranteeTeamDate || programme.guaranteeSpecialReasons ? (
          <div className="fact-wide">
            <dt>Indsatsgaranti</dt>
            <dd data-testid="programme-guarantee">
              {programme.guaranteeTeamDate ? (
                <>
                  Forelagt rehabiliteringsteamet <Day date={programme.guaranteeTeamDate} />.{' '}
                </>
              ) : null}
              {programme.guaranteeSpecialReasons ? `Særlige grunde: ${programme.guaranteeSpecialReasons}` : null}
              {!programme.guaranteeTeamDate && !programme.guaranteeSpecialReasons
                ? 'En indsats senest 6 måneder efter start; ellers forelægges sagen for rehabiliteringsteamet, medmindre særlige grunde taler imod (LAB §113, stk. 2).'
                : null}
            </dd>
          </div>
        ) : null}
        {guarantee ? (
          <div className="fact-wide">
            <dt>Samtale med sundhedskoordinator</dt>
            <dd data-testid="programme-health-talk">
              {programme.healthTalkGuidedOn ? (
                <>
                  Borgeren er skriftligt vejledt om retten <Day date={programme.healthTalkGuidedOn} />.
                </>
              ) : (
                'Borgeren vejledes skriftligt om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler, senest med det første beskæftigelsesrettede tilbud (LAB §113, stk. 3).'
              )}
            </dd>
          </div>
        ) : null}
      </dl>
      <JobFacilitatorSection programme={programme} />
      {message ? (
        <p className="notice notice-info" role="status" ref={messageRef} tabIndex={-1}>
          {message}
        </p>
      ) : null}
      {offered ? (
        <>
          <p className="actions">
            {canEnd ? button('endDate', 'Ret slutdato') : null}
            {canEnd ? button('end', 'Afslut forløb') : null}
            {props.canEdit && canSuspend(programme) ? button('suspend', 'Registrér barsel/suspension') : null}
            {props.canEdit && guarantee ? button('guarantee', 'Opfølgning på indsatsgaranti') : null}
            {props.canEdit && guarantee
              ? button('healthTalk', programme.healthTalkGuidedOn ? 'Ret vejledningen om sundhedskoordinator' : 'Registrér vejledning om sundhedskoordinator')
              : null}
            {props.canEdit && hasTeamMeeting(programme)
              ? button('teamMeeting', programme.teamMeetingDate ? 'Ret mødet i rehabiliteringsteamet' : 'Registrér møde i rehabiliteringsteamet')
              : null}
          </p>
          {props.canEdit && !canEnd ? (
            <p className="hint">En sagsbehandler fra beskæftigelse på planen flytter slutdatoen og afslutter forløbet ({ruleSource(programme.type, '5.1')}).</p>
          ) : null}
        </>
      ) : null}
      {offered || keptOpen ? (
        <>
          <div {...panels.endDate.panelProps}>
            {panels.endDate.open ? <ChangeEndDateForm programme={programme} planPeriodEnd={props.planPeriodEnd} cannotSave={cannotSave} onCancel={panels.endDate.close} onDone={saved('endDate')} /> : null}
          </div>
          <div {...panels.end.panelProps}>
            {active && panels.end.open ? (
              <EndProgrammeForm
                programme={programme}
                cannotSave={accessLost ? planCannotSave : null}
                onCancel={panels.end.close}
                onDone={(m) => {
                  setMessage(m);
                  panels.end.dismiss();
                  setFocusMessage(true);
                }}
              />
            ) : null}
          </div>
          <div {...panels.suspend.panelProps}>
            {panels.suspend.open ? <AddSuspensionForm programme={programme} cannotSave={cannotSave} onCancel={panels.suspend.close} onDone={saved('suspend')} /> : null}
          </div>
          <div {...panels.guarantee.panelProps}>
            {panels.guarantee.open ? <GuaranteeForm programme={programme} cannotSave={cannotSave} onCancel={panels.guarantee.close} onDone={saved('guarantee')} /> : null}
          </div>
          <div {...panels.healthTalk.panelProps}>
            {panels.healthTalk.open ? <DayFactForm fact={HEALTH_TALK_FACT} programme={programme} cannotSave={cannotSave} onCancel={panels.healthTalk.close} onDone={saved('healthTalk')} /> : null}
          </div>
          <div {...panels.teamMeeting.panelProps}>
            {panels.teamMeeting.open ? <DayFactForm fact={teamMeetingFact(programme.type)} programme={programme} cannotSave={cannotSave} onCancel={panels.teamMeeting.close} onDone={saved('teamMeeting')} /> : null}
          </div>
        </>
      ) : null}
      {/* A forløb registered by mistake (programme-correction.service.ts): offered on an ended one too. */}
      <RegisteredInError programme={programme} canCorrect={!!props.canEdit} cannotSave={accessLost ? planCannotSave : null} />
    </section>
  );
}
