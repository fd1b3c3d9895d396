import { useMutation } from '@apollo/client/react';
import { useId } from 'react';
import { ErrorNotice } from '../../core/ui';
import { graphql } from '../../gql';
import type { SharedItemKind } from '../../gql/graphql';

export const SetMentorSharingMutation = graphql(`
  mutation SetMentorSharing($id: ID!, $kind: SharedItemKind!, $shared: Boolean!) {
    setMentorSharing(id: $id, kind: $kind, shared: $shared)
  }
`);

const TYPENAMES: Readonly<Record<SharedItemKind, string>> = { ACTIVITY: 'Activity', FOLLOW_UP: 'FollowUpMeeting' };

/**
 * What the plan says of an item marked "Delt med mentor". The mark stays when the consent or
 * legal basis it was shared under is withdrawn, and when no mentor grant runs (before the first,
 * between two, after the last), but the server shows a mentor only what it may share now
 * (`refusal`, its reason when it may not) and only while their grant runs (`mentorCanReceive`):
 * otherwise the sharing is in abeyance, and the plan says so rather than claim a mentor sees it.
 */
export function sharedWithMentorText(refusal: string | null | undefined, mentorCanReceive: boolean): string {
  if (!mentorCanReceive) return 'Delt med mentor – i bero: ingen mentor har adgang nu';
  return refusal ? 'Delt med mentor – i bero: mentoren ser den ikke nu' : 'Delt med mentor';
}

/** Why a shared item is in abeyance, and what brings it back: the server's reason, and that the mark still stands. */
const pausedText = (refusal: string) =>
  `I bero: mentoren ser den ikke nu. ${refusal} Registreres samtykket eller hjemlen igen, ser mentoren den igen, uden at den skal markeres på ny.`;

/**
 * "Delt med mentor" on one activity or follow-up meeting (the coordinator only). The API
 * answers with the new state only, so it is written onto the cached item here; the box
 * turns at once and turns back if the server refuses. An item the server would refuse to
 * share (`refusal`, its reason) shows the box disabled with the reason beside it; one already
 * shared can always be taken back, and says beside it that the mentor does not see it now.
 */
export function MentorSharingToggle(props: {
  id: string;
  kind: SharedItemKind;
  shared: boolean;
  /** What is shared, for the box's accessible name, e.g. the activity's title. */
  itemName: string;
  /** Why the server would refuse to share it now (Danish); null or absent when it may be shared. */
  refusal?: string | null;
}) {
  const inputId = useId();
  const reasonId = useId();
  const refused = !props.shared && !!props.refusal;
  // Beside the box: why it cannot be shared, or, shared already, why the mentor does not see it now.
  const reason = props.refusal ? (props.shared ? pausedText(props.refusal) : props.refusal) : null;
  const [setSharing, { error }] = useMutation(SetMentorSharingMutation, {
    update: (cache, { data }) => {
      const shared = data?.setMentorSharing;
      const id = cache.identify({ __typename: TYPENAMES[props.kind], id: props.id });
      if (typeof shared === 'boolean' && id) cache.modify({ id, fields: { sharedWithMentor: () => shared } });
    },
  });

  return (
    <>
      <div className="checkbox mentor-share">
        <input
          id={inputId}
          type="checkbox"
          checked={props.shared}
          disabled={refused}
          aria-describedby={reason ? reasonId : undefined}
          onChange={(e) => {
            const shared = e.target.checked;
            setSharing({ variables: { id: props.id, kind: props.kind, shared }, optimisticResponse: { setMentorSharing: shared } }).catch(() => undefined);
          }}
        />
        <label htmlFor={inputId}>
          Delt med mentor<span className="visually-hidden"> – {props.itemName}</span>
        </label>
        {reason ? (
          <span id={reasonId} className="hint">
            {reason}
          </span>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} title="Delingen med mentor blev ikke ændret" /> : null}
    </>
  );
}
