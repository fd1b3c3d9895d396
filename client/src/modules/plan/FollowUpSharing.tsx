import { useId } from 'react';
import { formatDateTime } from '../../core/format';
import { label, MEETING_MODE_LABELS } from '../../core/labels';
import { getFragmentData, graphql, type FragmentType } from '../../gql';
import { MentorSharingToggle } from './MentorSharingToggle';

export const FollowUpSharingFragment = graphql(`
  fragment FollowUpSharing_Plan on Plan {
    id
    followUps {
      id
      heldAt
      mode
      sharedWithMentor
    }
  }
`);

/**
 * "Delt med mentor" on each follow-up meeting, newest first (the coordinator, while a
 * mentor grant is active). A shared meeting shows the mentor only when it was held, how,
 * and when the next one is.
 */
export function FollowUpSharing(props: { plan: FragmentType<typeof FollowUpSharingFragment> }) {
  const plan = getFragmentData(FollowUpSharingFragment, props.plan);
  const id = useId();
  const meetings = [...plan.followUps].reverse();
  return (
    <div data-testid="followup-sharing">
      <h3 id={`${id}-heading`}>Opfølgningssamtaler delt med mentor</h3>
      <p className="hint">Mentoren ser kun tidspunkt og form for en delt samtale og den næste aftalte samtale. Aktiviteter deler du under Aktiviteter.</p>
      {meetings.length ? (
        <ul className="sharing-list">
          {meetings.map((m) => {
            const when = formatDateTime(m.heldAt);
            return (
              <li key={m.id}>
                <span>
                  <time dateTime={m.heldAt}>{when}</time> · {label(MEETING_MODE_LABELS, m.mode)}
                </span>
                <MentorSharingToggle id={m.id} kind="FOLLOW_UP" shared={m.sharedWithMentor} itemName={`samtalen ${when}`} />
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="hint">Der er ingen afholdte samtaler endnu.</p>
      )}
    </div>
  );
}
