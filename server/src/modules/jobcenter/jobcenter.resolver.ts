import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { createIntervention, pickDetails, updateIntervention, type Intervention } from '../intervention';
import { UnitKind } from '../org/org.enums';
import { typeLaw } from '../rules/law/law-version';
import { recordHealthTalkDecision, recordHealthTalkRequest } from './health-talk.service';
import {
  CreateJobcenterInterventionInput, JOBCENTER_DETAIL_KEYS, JobcenterIntervention, RecordHealthTalkDecisionInput, RecordHealthTalkRequestInput, UpdateJobcenterInterventionInput,
} from './jobcenter-intervention.type';

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

  @Access(STAFF)
  @Mutation(() => JobcenterIntervention, {
    description: 'Registrér, at borgeren har bedt om en samtale med sundhedskoordinator om et beskæftigelsesrettet tilbud (ressourceforløb efter reglerne fra 2022, LAB §113, stk. 3). Bedt om, før tilbuddet er påbegyndt, kan det ikke sættes i gang, før jobcenterets stillingtagen er registreret. Den enhed, der ejer tilbuddet, og den koordinerende sagsbehandler.',
  })
  recordHealthTalkRequest(@Arg('input') input: RecordHealthTalkRequestInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return recordHealthTalkRequest(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => JobcenterIntervention, {
    description: 'Registrér jobcenterets stillingtagen efter samtalen med sundhedskoordinator: om tilbuddet tilpasses eller fastholdes (LAB §113, stk. 3). Den enhed, der ejer tilbuddet, og den koordinerende sagsbehandler.',
  })
  recordHealthTalkDecision(@Arg('input') input: RecordHealthTalkDecisionInput, @Ctx() ctx: RequestContext): Promise<Intervention> {
    return recordHealthTalkDecision(ctx, input);
  }

  @FieldResolver(() => Boolean, {
    description: 'Borgeren har ret til en samtale med sundhedskoordinator om dette tilbud, hvis det ikke tager tilstrækkeligt hensyn til helbredet (et beskæftigelsesrettet tilbud i et ressourceforløb efter reglerne fra 2022, LAB §113, stk. 3).',
  })
  async healthTalkRight(@Root() i: Intervention, @Ctx() ctx: RequestContext): Promise<boolean> {
    const plan = await ctx.loaders.plan.load(i.planId);
    const programme = plan ? await ctx.loaders.programme.load(plan.programmeId) : null;
    const spec = programme ? typeLaw(programme.lawVersion, programme.type)?.healthTalk : undefined;
    return !!spec && spec.offers.includes(i.kind);
  }
}
