import { graphql } from '../../gql';

/** What the plan shows of one section of the overall description, and what its form needs. */
export const DescriptionSectionItemFragment = graphql(`
  fragment DescriptionSectionItem on DescriptionSection {
    id
    kind
    title
    text
    inCitizensOwnWords
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
