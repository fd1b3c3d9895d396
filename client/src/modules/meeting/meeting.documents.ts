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
