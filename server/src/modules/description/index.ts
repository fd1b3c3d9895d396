/**
 * The plan's overall description (rehabiliteringsplanens forberedende del): the citizen's
 * resources, challenges, wishes and the help they want, in their own words where they gave
 * them, and the sundhedskoordinator's advice where the law gives it; every version kept.
 */
import type { ServerModule } from '../../core/module';
import { registerPlanRecordType } from '../live';
import { DescriptionSection } from './description.entity';
import { descriptionLoaders } from './description.loaders';
import { DescriptionSectionResolver, PlanDescriptionResolver } from './description.resolver';

export { AuthorKind, DescriptionKind, DescriptionSection, DESCRIPTION_TITLES } from './description.entity';
export { citizenSections, writeCitizenSection, sectionIdsOf, CITIZEN_KINDS, CITIZEN_TEXT_MAX } from './description.service';

// A description event's `record` is the section (the health advice's carries none).
registerPlanRecordType(DescriptionSection);

export const descriptionModule: ServerModule = {
  name: 'description',
  entities: [DescriptionSection],
  resolvers: [DescriptionSectionResolver, PlanDescriptionResolver],
  loaders: descriptionLoaders,
};
