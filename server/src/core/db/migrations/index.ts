import { Foundation1700000000001 } from './1700000000001-foundation';
import { SharedPlan1700000000002 } from './1700000000002-shared-plan';
import { Mentor1700000000003 } from './1700000000003-mentor';
import { RulesAndFigures1700000000007 } from './1700000000007-rules-and-figures';
import { AccountReview1700000000010 } from './1700000000010-account-review';
import { RowLevelSecurity1700000000011 } from './1700000000011-row-level-security';
import { LawVersions1700000000013 } from './1700000000013-law-versions';
import { AccessChannels1700000000014 } from './1700000000014-access-channels';
import { UserRights1700000000015 } from './1700000000015-user-rights';
import { OwnUnits1700000000016 } from './1700000000016-own-units';
import { Staff1700000000017 } from './1700000000017-staff';
import { CitizenCpr1700000000019 } from './1700000000019-citizen-cpr';
import { PlanEventRecordHistory1700000000022 } from './1700000000022-plan-event-record-history';
import { BookedMeetings1700000000025 } from './1700000000025-booked-meetings';
import { ReadPositions1700000000020 } from './1700000000020-read-positions';
import { Presence1700000000021 } from './1700000000021-presence';
import { PlanDescription1700000000026 } from './1700000000026-plan-description';
import { CitizenAccount1700000000027 } from './1700000000027-citizen-account';
import { CitizenWords1700000000028 } from './1700000000028-citizen-words';
import { StaffPhone1700000000024 } from './1700000000024-staff-phone';
import { Consent1700000000029 } from './1700000000029-consent';
import { QueryFunctions1700000000030 } from './1700000000030-query-functions';
import { ReadFunctions1700000000031 } from './1700000000031-read-functions';
import { WarningSubjects1700000000032 } from './1700000000032-warning-subjects';
import { ProgrammeEndedAccess1700000000033 } from './1700000000033-programme-ended-access';
import { CitizenContactVersion1700000000034 } from './1700000000034-citizen-contact-version';

/** Every migration, in order. New migrations are appended here. */
export const migrations = [Foundation1700000000001, SharedPlan1700000000002, Mentor1700000000003, RulesAndFigures1700000000007, AccountReview1700000000010, RowLevelSecurity1700000000011, LawVersions1700000000013, AccessChannels1700000000014, UserRights1700000000015, OwnUnits1700000000016, Staff1700000000017, CitizenCpr1700000000019, ReadPositions1700000000020, Presence1700000000021, PlanEventRecordHistory1700000000022, BookedMeetings1700000000025, PlanDescription1700000000026, CitizenAccount1700000000027, StaffPhone1700000000024, CitizenWords1700000000028, Consent1700000000029, QueryFunctions1700000000030, ReadFunctions1700000000031, WarningSubjects1700000000032, ProgrammeEndedAccess1700000000033, CitizenContactVersion1700000000034];
