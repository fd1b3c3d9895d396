import { graphql } from '../../../gql';

/** What the citizen writes and reads of their own words in their plan (server: modules/citizen-words). */
export const MyOwnWordsQuery = graphql(`
  query MyOwnWords($planId: ID!) {
    myOwnWords(planId: $planId) {
      id
      sections {
        id
        kind
        title
        text
        authorKind
        version
        updatedAt
      }
      heldMeetings {
        followUpId
        heldAt
        mode
        comment {
          id
          text
          version
          updatedAt
        }
      }
      meetingRequests {
        id
        text
        wishedTime
        wishedMode
        requestedAt
        handledAt
      }
      lastSeen {
        id
        seenAt
      }
    }
  }
`);

export const WriteMyDescriptionSectionMutation = graphql(`
  mutation WriteMyDescriptionSection($input: WriteMyDescriptionSectionInput!) {
    writeMyDescriptionSection(input: $input) {
      id
      kind
      title
      text
      authorKind
      version
      updatedAt
    }
  }
`);

export const WriteMyMeetingCommentMutation = graphql(`
  mutation WriteMyMeetingComment($input: WriteMyMeetingCommentInput!) {
    writeMyMeetingComment(input: $input) {
      id
      text
      version
      updatedAt
    }
  }
`);

export const RequestMeetingMutation = graphql(`
  mutation RequestMeeting($input: RequestMeetingInput!) {
    requestMeeting(input: $input) {
      id
      text
      wishedTime
      wishedMode
      requestedAt
      handledAt
    }
  }
`);

export const MarkMyPlanSeenMutation = graphql(`
  mutation MarkMyPlanSeen($planId: ID!) {
    markMyPlanSeen(planId: $planId) {
      id
      seenAt
    }
  }
`);
