import { formatDate } from '../../core/format';
import { label, WARNING_SEVERITY_LABELS } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { ChangedFlag, useHighlight } from '../live/PlanLive';

export const WarningsFragment = graphql(`
  fragment Warnings_Programme on Programme {
    id
    warningLevel
    warnings {
      rule
      severity
      message
      dueDate
      source
      subjectId
    }
  }
`);

/** Advarsler: deadlines and requirements from the rules (docs/domain.md), most serious first. */
export function WarningsSection(props: { programme: FragmentType<typeof WarningsFragment> }) {
  const programme = getFragmentData(WarningsFragment, props.programme);
  const highlight = useHighlight('section:programme');
  if (programme.warnings.length === 0) return null;
  return (
    <section className={`card warnings${highlight ? ' is-changed' : ''}`} aria-labelledby="warnings-heading" data-testid="warnings">
      <h2 id="warnings-heading">Advarsler ({programme.warnings.length})</h2>
      <ChangedFlag highlight={highlight} />
      <ul className="warning-list">
        {programme.warnings.map((w, i) => (
          <li key={`${w.rule}-${w.subjectId ?? i}`} className={`warning warning-${w.severity.toLowerCase()}`}>
            <span className={`status severity-${w.severity.toLowerCase()}`}>{label(WARNING_SEVERITY_LABELS, w.severity)}</span> {w.message}
            <span className="hint">
              {' '}
              {w.dueDate ? `Frist ${formatDate(w.dueDate)}. ` : ''}Kilde: {w.source}.
            </span>
            {/* The decision has its own section further down (in the side column on a wide screen). */}
            {w.rule === 'NEXT_STEP_DECISION' ? (
              <>
                {' '}
                <a href="#next-step-heading">Til beslutningen efter forløbet</a>
              </>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
