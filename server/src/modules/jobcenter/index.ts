/** The jobcenter's slice: its intervention type, kinds and mutations. */
import { ordinaryHoursProblem } from '@samplan/schema';
import type { ServerModule } from '../../core/module';
import { InterventionStatus, registerUnitModule } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { JOBCENTER_KIND_LABEL, JobcenterIntervention, JobcenterKind } from './jobcenter-intervention.type';
import { JobcenterResolver } from './jobcenter.resolver';
import { registerPlanRecordType } from '../live';
import { jobcenterLoaders } from './job-facilitator.loaders';
import { JobFacilitatorAssignmentResolver, ProgrammeJobFacilitatorResolver } from './job-facilitator.resolver';
import { JobFacilitatorAssignment } from './job-facilitator.types';

export { JobcenterIntervention, JobcenterKind, InternshipPurpose } from './jobcenter-intervention.type';

registerUnitModule({
  unitKind: UnitKind.EMPLOYMENT,
  typeName: 'JobcenterIntervention',
  objectType: JobcenterIntervention,
  kinds: JOBCENTER_KIND_LABEL,
  // Virksomhedsrettet indsats in the key figures (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9).
  companyBasedKinds: [JobcenterKind.INTERNSHIP, JobcenterKind.WAGE_SUBSIDY, JobcenterKind.ORDINARY_HOURS],
  // A workplace or social mentor is mentor support as a grant to a mentor user is: at most 6 months at a time (mentor/mentor.service.ts).
  periodLimits: {
    [JobcenterKind.MENTOR_SUPPORT]: { months: 6, rule: 'MENTOR_SUPPORT_TOO_LONG', what: 'Mentorstøtte', source: 'STAR’s vejledning om ressourceforløb 2020, afsnit 7 (LAB kapitel 26)' },
  },
  // Ordinary hours state their hours a week (the key figures add them up): at creation, when set
  // to Aktiv, and when the hours are changed. One stored without them before keeps its other
  // fields editable until then.
  writtenProblem: (written, sent) => {
    if (!(sent('hoursPerWeek') || (sent('status') && written.status === InterventionStatus.ACTIVE))) return null;
    const message = ordinaryHoursProblem(written.kind, written.details.hoursPerWeek as number | null | undefined);
    return message ? { field: 'hoursPerWeek', message } : null;
  },
});

// The personal jobformidler's event carries its assignment as its `record` (LAB §113 a).
registerPlanRecordType(JobFacilitatorAssignment);

export const jobcenterResolvers = [JobcenterResolver, ProgrammeJobFacilitatorResolver, JobFacilitatorAssignmentResolver] as const;

export const jobcenterModule: ServerModule = {
  name: 'jobcenter',
  entities: [JobFacilitatorAssignment],
  resolvers: jobcenterResolvers,
  loaders: jobcenterLoaders,
};
