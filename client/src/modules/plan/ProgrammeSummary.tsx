import { useEffect, useRef, useState } from 'react';
import { formatDate, formatDaysLeft } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { END_REASON_LABELS, label, PROGRAMME_STATUS_LABELS, PROGRAMME_TYPE_LABELS } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangeEndDateForm, EndProgrammeForm } from './ProgrammeEndForms';

export const ProgrammeSummaryFragment = graphql(`
  fragment ProgrammeSummary_Programme on Programme {
    id
    version
    type
    status
    startDate
    endDate
    endReason
    daysLeft
    citizen {
      id
      name
    }
  }
`);

/**
 * Forløbet: type, status and its fixed start and end. The coordinator may move the end
 * earlier or end the programme ("Afslut forløb"), never extend it (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).
 */
export function ProgrammeSummary(props: { programme: FragmentType<typeof ProgrammeSummaryFragment>; canEdit?: boolean }) {
  const programme = getFragmentData(ProgrammeSummaryFragment, props.programme);
  const endDatePanel = useFormPanel();
  const endPanel = useFormPanel();
  const [message, setMessage] = useState<string | null>(null);
  const messageRef = useRef<HTMLParagraphElement>(null);
  const [focusMessage, setFocusMessage] = useState(false);
  const active = programme.status === 'ACTIVE';
  // Ending the programme takes its buttons away: focus goes to what happened, not to the page's top.
  useEffect(() => {
    if (!focusMessage) return;
    messageRef.current?.focus();
    setFocusMessage(false);
  }, [focusMessage]);

  return (
    <section className="card" aria-labelledby="programme-heading" data-testid="programme-section">
      <h2 id="programme-heading">Forløb</h2>
      <dl className="facts">
        <div>
          <dt>Forløbstype</dt>
          <dd>{PROGRAMME_TYPE_LABELS[programme.type] ?? programme.type}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd data-testid="programme-status">{PROGRAMME_STATUS_LABELS[programme.status] ?? programme.status}</dd>
        </div>
        <div>
          <dt>Startdato</dt>
          <dd>
            <time dateTime={programme.startDate}>{formatDate(programme.startDate)}</time>
          </dd>
        </div>
        <div>
          <dt>Slutdato</dt>
          <dd data-testid="programme-end">
            <time dateTime={programme.endDate}>{formatDate(programme.endDate)}</time>
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
            <dd>{formatDaysLeft(programme.daysLeft)}</dd>
          </div>
        )}
      </dl>
      {message ? (
        <p className="notice notice-info" role="status" ref={messageRef} tabIndex={-1}>
          {message}
        </p>
      ) : null}
      {props.canEdit && active ? (
        <>
          <p className="actions">
            <button
              {...endDatePanel.buttonProps}
              className="button button-secondary"
              onClick={() => {
                setMessage(null);
                endPanel.dismiss();
                endDatePanel.buttonProps.onClick();
              }}
            >
              Ret slutdato
            </button>
            <button
              {...endPanel.buttonProps}
              className="button button-secondary"
              onClick={() => {
                setMessage(null);
                endDatePanel.dismiss();
                endPanel.buttonProps.onClick();
              }}
            >
              Afslut forløb
            </button>
          </p>
          <div {...endDatePanel.panelProps}>
            {endDatePanel.open ? (
              <ChangeEndDateForm
                programme={programme}
                onCancel={endDatePanel.close}
                onDone={(m) => {
                  setMessage(m);
                  endDatePanel.close();
                }}
              />
            ) : null}
          </div>
          <div {...endPanel.panelProps}>
            {endPanel.open ? (
              <EndProgrammeForm
                programme={programme}
                onCancel={endPanel.close}
                onDone={(m) => {
                  setMessage(m);
                  endPanel.dismiss();
                  setFocusMessage(true);
                }}
              />
            ) : null}
          </div>
        </>
      ) : null}
    </section>
  );
}
