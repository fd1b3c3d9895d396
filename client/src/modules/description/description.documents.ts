import { graphql } from '../../gql';

/** What the plan shows of one section of the overall description, and what its form needs. */
export const DescriptionSectionItemFragment = graphql(`
  fragment DescriptionSectionItem on DescriptionSection {
    id
    kind
    title
    text
    inCitizensOwnWords
    authorKind
    version
    updatedAt
    updatedBy {
      id
      name
    }
  }
`);

export const PlanDescriptionQuery = graphql(`
  query PlanDescription($planId: ID!) {
    plan(id: $planId) {
      id
      descriptionSections {
        id
        ...DescriptionSectionItem
      }
    }
  }
`);

export const UpdateDescriptionSectionMutation = graphql(`
  mutation UpdateDescriptionSection($input: UpdateDescriptionSectionInput!) {
    updateDescriptionSection(input: $input) {
      id
      ...DescriptionSectionItem
    }
  }
`);

/** The citizen's own words as staff on the plan read them (the citizen-words module). */
export const CitizenRequestItemFragment = graphql(`
  fragment CitizenRequestItem on CitizenMeetingRequest {
    id
    text
    wishedTime
    wishedMode
    requestedAt
    handledAt
    handledBy {
      id
      name
    }
    version
  }
`);

export const PlanCitizenWordsQuery = graphql(`
  query PlanCitizenWords($planId: ID!) {
    plan(id: $planId) {
      id
      citizen {
        id
        name
      }
      citizenOwnWords {
        id
        sections {
          id
          ...DescriptionSectionItem
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
          ...CitizenRequestItem
        }
        lastSeen {
          id
          seenAt
        }
      }
    }
  }
`);

export const HandleMeetingRequestMutation = graphql(`
  mutation HandleMeetingRequest($input: HandleMeetingRequestInput!) {
    handleMeetingRequest(input: $input) {
      id
      ...CitizenRequestItem
    }
  }
`);
