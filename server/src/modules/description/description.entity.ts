import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The sections of the plan's overall description: the rehabiliteringsplan's forberedende del
 * describes the citizen's resources and challenges and the citizen's own wishes for work and
 * life, and what they want help with; the sundhedskoordinator's advice where the citizen has
 * the right to a joint samtale with the region's sundhedskoordinator (LAB §113, stk. 3, from
 * lov nr. 1160/2021).
 */
export enum DescriptionKind {
  RESOURCES = 'RESOURCES',
  CHALLENGES = 'CHALLENGES',
  CITIZEN_WISHES = 'CITIZEN_WISHES',
  HELP_WANTED = 'HELP_WANTED',
  HEALTH_COORDINATOR_ADVICE = 'HEALTH_COORDINATOR_ADVICE',
}

/** The Danish headings, in the order the plan shows the sections. */
export const DESCRIPTION_TITLES: Readonly<Record<DescriptionKind, string>> = {
  RESOURCES: 'Ressourcer',
  CHALLENGES: 'Udfordringer',
  CITIZEN_WISHES: 'Mine ønsker og mål',
  HELP_WANTED: 'Det vil jeg gerne have hjælp til',
  HEALTH_COORDINATOR_ADVICE: 'Sundhedskoordinatorens anbefaling',
};

registerEnumType(DescriptionKind, {
  name: 'DescriptionKind',
  description: 'Afsnit i planens samlede beskrivelse (rehabiliteringsplanens forberedende del).',
  valuesConfig: {
    RESOURCES: { description: 'Ressourcer' },
    CHALLENGES: { description: 'Udfordringer' },
    CITIZEN_WISHES: { description: 'Mine ønsker og mål, herunder jobønsker' },
    HELP_WANTED: { description: 'Det vil jeg gerne have hjælp til' },
    HEALTH_COORDINATOR_ADVICE: { description: 'Sundhedskoordinatorens anbefaling (LAB §113, stk. 3)' },
  },
});

/** Who wrote a section's current text: staff recording it, or the citizen themselves. */
export enum AuthorKind {
  STAFF = 'STAFF',
  CITIZEN = 'CITIZEN',
}

registerEnumType(AuthorKind, {
  name: 'AuthorKind',
  description: 'Hvem skrev teksten: en medarbejder eller borgeren selv.',
  valuesConfig: { STAFF: { description: 'Medarbejder' }, CITIZEN: { description: 'Borgeren' } },
});

@ObjectType({ description: 'Afsnit i planens samlede beskrivelse: borgerens ressourcer, udfordringer, ønsker og mål, hvad borgeren vil have hjælp til, og sundhedskoordinatorens anbefaling.' })
@Entity({ name: 'plan_description_section' })
export class DescriptionSection {
  @Field(() => ID, { description: 'Fast id for planens afsnit af denne art, også før det er skrevet.' })
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field(() => DescriptionKind, { description: 'Afsnittets art.' })
  @Column({ type: 'text' })
  kind: DescriptionKind;

  @Field({ description: 'Teksten (tom, når afsnittet ikke er skrevet).' })
  @Column({ type: 'text' })
  text: string;

  @Field({ description: 'Skrevet med borgerens egne ord.' })
  @Column({ name: 'in_citizens_own_words', type: 'boolean' })
  inCitizensOwnWords: boolean;

  @Field(() => AuthorKind, { description: 'Hvem skrev teksten.' })
  @Column({ name: 'author_kind', type: 'text' })
  authorKind: AuthorKind;

  @Field(() => Int, { description: 'Version; 0 for et afsnit, der ikke er skrevet endnu.' })
  @Column({ type: 'int' })
  version: number;

  @Field(() => Date, { nullable: true, description: 'Senest ændret (tom, når afsnittet ikke er skrevet).' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date | null;

  /** Who last wrote it (Field: DescriptionSection.updatedBy). */
  @Column({ name: 'updated_by', type: 'uuid' })
  updatedById: string | null;
}
