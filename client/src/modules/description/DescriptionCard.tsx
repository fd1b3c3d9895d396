import { useQuery } from '@apollo/client/react';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { formatDateTime } from '../../core/format';
import { useFormPanel } from '../../core/forms/FormPanel';
import { ErrorNotice, Loading, StatusNotice } from '../../core/ui';
import { getFragmentData, type FragmentType } from '../../gql';
import { RecordHistory } from '../history/RecordHistory';
import { ChangedFlag, highlightClass, useHighlight } from '../live/PlanLive';
import { EditingBadge } from '../presence/PlanPresence';
import { DescriptionSectionItemFragment, PlanDescriptionQuery } from './description.documents';
import { DescriptionSectionForm } from './DescriptionSectionForm';
import { usePlanCannotSave } from '../plan/planOpen';
import type { DescriptionKind } from '../../gql/graphql';

/**
 * Headings for the sections the citizen may also write. The server titles them in the citizen's
 * own voice ("Mine ønsker og mål"), as the citizen's page, "Borgerens egne ord" and the printed
 * plan for the citizen show them; in Samlet beskrivelse staff write about the citizen, so its
 * headings say whose wishes they are, and the two cards on the plan are told apart.
 */
const STAFF_TITLES: Readonly<Partial<Record<DescriptionKind, string>>> = {
  CITIZEN_WISHES: 'Borgerens ønsker og mål',
  HELP_WANTED: 'Det vil borgeren gerne have hjælp til',
};

/** A section's heading in Samlet beskrivelse. */
export const staffTitle = (section: { kind: DescriptionKind; title: string }): string => STAFF_TITLES[section.kind] ?? section.title;

/** One section: its text, whether it is the citizen's own words, who changed it and when; "Redigér" for staff on the plan. */
export function DescriptionSectionItem(props: {
  planId: string;
  section: FragmentType<typeof DescriptionSectionItemFragment>;
  canEdit: boolean;
  /** Reads the sections again: for a change the live cache could not apply. */
  onStale: () => void;
}) {
  const fetched = getFragmentData(DescriptionSectionItemFragment, props.section);
  const section = { ...fetched, title: staffTitle(fetched) };
  const id = useId();
  const highlight = useHighlight(section.id);
  // The citizen's own text is theirs: staff read it, and only the citizen changes it.
  const byCitizen = section.authorKind === 'CITIZEN';
  const [message, setMessage] = useState<string | null>(null);
  const panel = useFormPanel();
  const heading = useRef<HTMLHeadingElement>(null);
  // An open form stays when the citizen writes the section meanwhile (a live event), or when the
  // programme ends: what the user typed stays on screen, and the form says why it cannot be
  // saved. Closed, it goes, and "Redigér" with it; then focus goes to the section's heading
  // rather than the page.
  const cannotSave = usePlanCannotSave();
  const editable = (props.canEdit && (!byCitizen || panel.open)) || (panel.open && !!cannotSave);
  const wasOpen = useRef(false);
  useEffect(() => {
    if (wasOpen.current && !panel.open && (!document.activeElement || document.activeElement === document.body)) heading.current?.focus();
    wasOpen.current = panel.open;
  }, [panel.open]);
  // The sundhedskoordinator's advice arrives live without its record (its text is not for every
  // unit on the team): when somebody else has just changed it, it is read again.
  const changedElsewhere = !!highlight?.fresh && section.kind === 'HEALTH_COORDINATOR_ADVICE';
  const { onStale } = props;
  useEffect(() => {
    if (changedElsewhere) onStale();
  }, [changedElsewhere, onStale]);
  return (
    <li className={`description-section${highlightClass(highlight)}`} data-testid="description-section" data-kind={section.kind} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {section.title}
      </h3>
      <ChangedFlag highlight={highlight} />
      <EditingBadge recordId={section.id} />
      {/* Only over words: an empty section stored with the mark (before it was refused) shows none. */}
      {section.inCitizensOwnWords && section.text ? <p className="badge">Borgerens egne ord</p> : null}
      {section.text ? <p className="description-text pre-line">{section.text}</p> : <p className="hint">Ikke udfyldt endnu.</p>}
      {section.updatedAt ? (
        <p className="hint">
          {byCitizen ? 'Skrevet af borgeren selv' : `Ændret af ${section.updatedBy?.name ?? 'en tidligere medarbejder'}`}, <time dateTime={section.updatedAt}>{formatDateTime(section.updatedAt)}</time>
        </p>
      ) : null}
      <StatusNotice message={message} />
      {editable ? (
        <div className="disclosure">
          {props.canEdit ? (
            <button {...panel.buttonProps} className="button button-secondary">
              Redigér<span className="visually-hidden"> {section.title}</span>
            </button>
          ) : null}
          <div {...panel.panelProps}>
            {panel.open ? (
              <DescriptionSectionForm
                planId={props.planId}
                section={section}
                byCitizen={byCitizen}
                cannotSave={cannotSave}
                onDone={(done) => {
                  setMessage(done);
                  panel.close();
                }}
                onCancel={panel.close}
              />
            ) : null}
          </div>
        </div>
      ) : null}
      {section.version > 0 ? <RecordHistory recordId={section.id} title={section.title} /> : null}
    </li>
  );
}

/**
 * "Samlet beskrivelse": the citizen's resources, challenges, wishes and the help they want,
 * in their own words where they gave them (rehabiliteringsplanens forberedende del), and the
 * sundhedskoordinator's advice for those who may read it. Everyone on the plan writes it
 * (`canEdit`: the viewer has standing in the plan).
 */
export function DescriptionCard(props: { planId: string; canEdit: boolean }) {
  const { data, loading, error, refetch } = useQuery(PlanDescriptionQuery, { variables: { planId: props.planId } });
  const readAgain = useCallback(() => void refetch().catch(() => undefined), [refetch]);
  const plan = data?.plan;
  return (
    <section className="card" aria-labelledby="description-heading" data-testid="description-card">
      <h2 id="description-heading">Samlet beskrivelse</h2>
      {loading && !plan ? <Loading /> : null}
      {error ? <ErrorNotice error={error} title="Beskrivelsen kunne ikke vises" /> : null}
      {plan ? (
        <ul className="description-sections">
          {plan.descriptionSections.map((s) => (
            <DescriptionSectionItem key={s.id} planId={props.planId} section={s} canEdit={props.canEdit} onStale={readAgain} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
