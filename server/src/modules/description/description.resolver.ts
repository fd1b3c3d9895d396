import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { User } from '../org/user.entity';
import { Plan } from '../plan';
import { DESCRIPTION_TITLES, DescriptionSection } from './description.entity';
import { UpdateDescriptionSectionInput } from './description.inputs';
import { descriptionSections, updateDescriptionSection } from './description.service';

@Resolver(() => DescriptionSection)
export class DescriptionSectionResolver {
  @Access(STAFF)
  @Mutation(() => DescriptionSection, { description: 'Ret et afsnit i planens samlede beskrivelse (koordinator og forvaltningerne på planen; sundhedskoordinatorens anbefaling kun koordinator og sundhed).' })
  updateDescriptionSection(@Arg('input') input: UpdateDescriptionSectionInput, @Ctx() ctx: RequestContext): Promise<DescriptionSection> {
    return updateDescriptionSection(ctx, input);
  }

  @FieldResolver(() => String, { description: 'Overskrift, fx "Mine ønsker og mål".' })
  title(@Root() section: DescriptionSection): string {
    return DESCRIPTION_TITLES[section.kind];
  }

  @FieldResolver(() => User, { nullable: true, description: 'Senest ændret af.' })
  updatedBy(@Root() section: DescriptionSection, @Ctx() ctx: RequestContext): Promise<User | null> | null {
    return section.updatedById ? ctx.loaders.user.load(section.updatedById) : null;
  }
}

@Resolver(() => Plan)
export class PlanDescriptionResolver {
  @FieldResolver(() => [DescriptionSection], { description: 'Samlet beskrivelse: alle afsnit, kalderen må se, også de tomme.' })
  descriptionSections(@Root() plan: Plan, @Ctx() ctx: RequestContext): Promise<DescriptionSection[]> {
    return descriptionSections(ctx, plan.id);
  }
}
