import { graphql } from '../../gql';

/** What the section shows of a booked samtale, and what its forms and calendar file need. */
export const MeetingItemFragment = graphql(`
  fragment MeetingItem_BookedMeeting on BookedMeeting {
    id
    version
    status
    startsAt
    endsAt
    mode
    place
    videoLink
    agenda
    cancelReason
    absenceReasonableCause
    attendanceNote
    staff {
      id
      name
    }
    guests {
      name
      relation
    }
    bookedBy {
      id
      name
    }
  }
`);

export const PlanMeetingsQuery = graphql(`
  query PlanMeetings($planId: ID!, $period: MeetingPeriod!) {
    plan(id: $planId) {
      id
      myStanding
      nextFollowUpAt
      nextFollowUpBooked
      nextBookedMeeting {
        id
        startsAt
      }
      meetings(period: $period) {
        id
        ...MeetingItem_BookedMeeting
      }
    }
  }
`);

/**
 * What the citizen already has on the plan, for the booking form's warning of a double booking:
 * the samtaler ahead and the dated activities with their intervention's unit. Every field is one
 * the plan page, its consent register and Samtaler read already, so on the plan page it is
 * answered from the cache; an activity whose details are withheld comes as the page shows it.
 */
export const BookingOverlapsQuery = graphql(`
  query BookingOverlaps($planId: ID!) {
    plan(id: $planId) {
      id
      withheldInterventionIds
      interventions { id title status unit { id name } }
      activities { id title dueAt status interventionId }
      meetings(period: OPEN) { id status startsAt endsAt }
    }
  }
`);

/** The municipality's staff who can take part (caseworkers and leaders), for the booking form. */
/** Whom a samtale on the plan may be booked with: the municipality's staff who may see the plan, and the citizen's mentors. */
export const MeetingStaffQuery = graphql(`
  query MeetingStaff($planId: ID!) {
    plan(id: $planId) {
      id
      meetingStaffOptions {
        id
        name
        role
        unit {
          id
          name
        }
      }
    }
  }
`);

export const BookMeetingMutation = graphql(`
  mutation BookMeeting($input: BookMeetingInput!) {
    bookMeeting(input: $input) {
      id
      ...MeetingItem_BookedMeeting
    }
  }
`);

export const MoveMeetingMutation = graphql(`
  mutation MoveMeeting($input: MoveMeetingInput!) {
    moveMeeting(input: $input) {
      id
      ...MeetingItem_BookedMeeting
    }
  }
`);

export const EditMeetingMutation = graphql(`
  mutation EditMeeting($input: EditMeetingInput!) {
    editMeeting(input: $input) {
      id
      version
      ...MeetingItem_BookedMeeting
    }
  }
`);

export const CancelMeetingMutation = graphql(`
  mutation CancelMeeting($input: CancelMeetingInput!) {
    cancelMeeting(input: $input) {
      id
      ...MeetingItem_BookedMeeting
    }
  }
`);

export const RecordMeetingAttendanceMutation = graphql(`
  mutation RecordMeetingAttendance($input: RecordMeetingAttendanceInput!) {
    recordMeetingAttendance(input: $input) {
      id
      ...MeetingItem_BookedMeeting
    }
  }
`);
