import { Field, ID, ObjectType } from 'type-graphql';

/** One person with the plan open, as one viewer may see them (presence-hub.ts cuts `editing` per viewer). */
@ObjectType({ description: 'En person, der har planen åben nu. Én person i flere faner er én tilstedeværelse.' })
export class PresentUser {
  /** Resolved to `user` and `unit` (presence.resolver.ts). */
  userId: string;
  unitId: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Posten (indsats, aktivitet, delmål, …), personen har en redigeringsformular åben for; tom når ingen — eller når jeg ikke må se posten (mentor).',
  })
  editing: string | null;

  @Field({ description: 'Siden hvornår personen har haft planen åben.' })
  since: Date;
}

@ObjectType({ description: 'Hvem der har planen åben nu: hele listen, hver gang den ændrer sig.' })
export class PlanPresence {
  @Field(() => ID)
  planId: string;

  @Field(() => [PresentUser], { description: 'De tilstedeværende (også mig selv), den først ankomne først.' })
  present: PresentUser[];
}
