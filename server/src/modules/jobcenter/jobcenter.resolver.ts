import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { createIntervention, pickDetails, updateIntervention, type Intervention } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { CreateJobcenterInterventionInput, JOBCENTER_DETAIL_KEYS, JobcenterIntervention, UpdateJobcenterInterventionInput } from './jobcenter-intervention.type';

@Resolver(() => JobcenterIntervention)
export class JobcenterResolver {
  @Access(STAFF)
  @Mutation(() => JobcenterIntervention, { description: 'Opret en beskæftigelsesindsats (kun medarbejdere i en beskæftigelsesenhed, når enheden er på planen).' })
  createJobcenterIntervention(@Arg('input') input: CreateJobcenterInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return createIntervention(ctx, UnitKind.EMPLOYMENT, input, pickDetails(input, JOBCENTER_DETAIL_KEYS));
  }

  @Access(STAFF)
  @Mutation(() => JobcenterIntervention, { description: 'Ret en beskæftigelsesindsats, fælles og egne felter.' })
  updateJobcenterIntervention(@Arg('input') input: UpdateJobcenterInterventionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return updateIntervention(ctx, input, pickDetails(input, JOBCENTER_DETAIL_KEYS), UnitKind.EMPLOYMENT);
  }
}
