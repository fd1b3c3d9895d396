/** The jobcenter's slice: its intervention type, kinds and mutations. */
import type { ServerModule } from '../../core/module';
import { registerUnitModule } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { JOBCENTER_KIND_LABEL, JobcenterIntervention, JobcenterKind } from './jobcenter-intervention.type';
import { JobcenterResolver } from './jobcenter.resolver';

export { JobcenterIntervention, JobcenterKind, InternshipPurpose } from './jobcenter-intervention.type';

registerUnitModule({
  unitKind: UnitKind.EMPLOYMENT,
  typeName: 'JobcenterIntervention',
  objectType: JobcenterIntervention,
  kinds: JOBCENTER_KIND_LABEL,
  // Virksomhedsrettet indsats in the key figures (STAR’s guide Gode ressourceforløb af høj kvalitet, grundelement 9).
  companyBasedKinds: [JobcenterKind.INTERNSHIP, JobcenterKind.WAGE_SUBSIDY, JobcenterKind.ORDINARY_HOURS],
});

export const jobcenterResolvers = [JobcenterResolver] as const;

export const jobcenterModule: ServerModule = { name: 'jobcenter', resolvers: jobcenterResolvers };
