import { formatDate, formatDaysLeft } from '../../core/format';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { PROGRAMME_STATUS_LABELS, PROGRAMME_TYPE_LABELS } from './labels';

export const ProgrammeSummaryFragment = graphql(`
  fragment ProgrammeSummary_Programme on Programme {
    id
    type
    status
    startDate
    endDate
    daysLeft
  }
`);

/** Forløbet: type, status and its fixed start and end. */
export function ProgrammeSummary(props: { programme: FragmentType<typeof ProgrammeSummaryFragment> }) {
  const programme = getFragmentData(ProgrammeSummaryFragment, props.programme);
  return (
    <section className="card" aria-labelledby="programme-heading">
      <h2 id="programme-heading">Forløb</h2>
      <dl className="facts">
        <div>
          <dt>Forløbstype</dt>
          <dd>{PROGRAMME_TYPE_LABELS[programme.type] ?? programme.type}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>{PROGRAMME_STATUS_LABELS[programme.status] ?? programme.status}</dd>
        </div>
        <div>
          <dt>Startdato</dt>
          <dd>
            <time dateTime={programme.startDate}>{formatDate(programme.startDate)}</time>
          </dd>
        </div>
        <div>
          <dt>Slutdato</dt>
          <dd>
            <time dateTime={programme.endDate}>{formatDate(programme.endDate)}</time>
          </dd>
        </div>
        <div>
          <dt>Tid tilbage</dt>
          <dd>{formatDaysLeft(programme.daysLeft)}</dd>
        </div>
      </dl>
    </section>
  );
}
