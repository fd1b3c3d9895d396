import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({ description: 'En linje i administrationsloggen: en administrativ handling i kommunen.' })
export class AdministrationLogEntry {
  @Field(() => ID)
  id: string;

  @Field(() => Date, { description: 'Tidspunkt.' })
  at: Date;

  @Field(() => String, { nullable: true, description: 'Hvem (tom, når kommunen blev oprettet med npm run setup).' })
  actorName: string | null;

  @Field({ description: 'Handlingen, e.g. CREATE_UNIT, INVITE_STAFF.' })
  action: string;

  @Field({ description: 'Hvad der skete, på dansk, e.g. Oprettede enheden »Socialpsykiatri« (Social).' })
  summary: string;
}

@ObjectType({ description: 'En side af administrationsloggen, nyeste først. Hent næste side med after: nextCursor; nextCursor er tom på sidste side.' })
export class AdministrationLogPage {
  @Field(() => [AdministrationLogEntry], { description: 'Linjerne på denne side, nyeste først.' })
  entries: AdministrationLogEntry[];

  @Field(() => String, { nullable: true, description: 'Uigennemsigtig markør for næste side (til after), eller tom på sidste side.' })
  nextCursor: string | null;
}
