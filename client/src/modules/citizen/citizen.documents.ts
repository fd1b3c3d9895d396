import { graphql } from '../../gql';

/** Min plan: the signed-in citizen's own plan, in the citizen view types. */
export const MyPlanQuery = graphql(`
  query MyPlan {
    myPlan {
      id
      liveFrom
      changesSeenUpTo
      employmentGoal
      goalKind
      programme {
        type
        startDate
        endDate
        continuesUnderTransitionRule
      }
      periodStart
      periodEnd
      coordinator {
        name
        unitName
        email
        phone
      }
      jobFacilitator {
        name
        unitName
        email
        phone
      }
      subGoals {
        id
        area
        text
        status
        progress {
          measuredOn
          scale
          value
        }
      }
      interventions {
        id
        title
        kindLabel
        shortTermGoal
        status
        startDate
        endDate
        unitName
        supports
        contact {
          name
          unitName
          email
          phone
          isCoordinator
        }
      }
      meetings {
        id
        startsAt
        endsAt
        mode
        place
        videoLink
        status
        version
        agenda
        participants
        contact {
          name
          unitName
          email
          phone
          isCoordinator
        }
      }
      activities {
        id
        title
        dueAt
        place
        unitName
      }
      mentorSupport {
        id
        mentorName
        startDate
        endDate
      }
      consents {
        id
        scope
        recipientKind
        recipientName
        recipientRelation
        recipientUnitName
        recipientMentorName
        basis
        legalReference
        givenOn
        withdrawnOn
        active
      }
      agreedNextMeetingAt
    }
  }
`);

/**
 * Min plan when no forløb runs: the latest one's end day and its coordinator to ask (nothing
 * of why it ended or what follows). Asked only when Min plan has no plan.
 */
export const MyEndedProgrammeQuery = graphql(`
  query MyEndedProgramme {
    myEndedProgramme {
      endDate
      stoppedBeforeStart
      coordinator {
        name
        unitName
        email
        phone
      }
    }
  }
`);

/**
 * The citizen's plan, live, as the server cuts each event to the citizen's view: what kind of
 * change, to which record, which of the fields the citizen may see it touched (with the day the
 * forløb ended before a move of its end), and whether the citizen made it themselves (the actor's
 * role). The page reads Min plan again and says what changed from that (planChanges.ts).
 */
export const CitizenPlanEventsSubscription = graphql(`
  subscription CitizenPlanEvents($planId: ID!, $afterSeq: String) {
    planEvents(planId: $planId, afterSeq: $afterSeq) {
      seq
      kind
      entityId
      changes {
        field
        before
        after
      }
      actor {
        id
        role
      }
    }
  }
`);

/** "Jeg har set det": moves the citizen's position in "Nyt i din plan" forward, kept with their account. */
export const MarkMyPlanChangesSeenMutation = graphql(`
  mutation MarkMyPlanChangesSeen($planId: ID!, $seq: String!) {
    markMyPlanChangesSeen(planId: $planId, seq: $seq)
  }
`);
