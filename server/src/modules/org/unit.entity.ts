import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { UnitKind } from './org.enums';

/**
 * An organisational unit of the municipality's own making (since 1 February 2026 the law no
 * longer prescribes a jobcenter): its kind decides the intervention module its staff use.
 */
@ObjectType({ description: 'Enhed: an organisational unit of the municipality (e.g. "Socialpsykiatri").' })
@Entity({ name: 'unit' })
export class Unit {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => UnitKind, { description: 'Enhedens art: which intervention module its staff use.' })
  @Column({ type: 'text' })
  kind: UnitKind;

  @Field({ description: 'Enhedens navn, e.g. "Socialpsykiatri".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Date, { nullable: true, description: 'When the unit was closed; a closed unit takes no new staff or plans.' })
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Field(() => Int, { description: 'Version: moves with every change of the unit (name, closing, reopening); a change sends the version it was made on.' })
  @Column({ type: 'int', default: 1 })
  version: number;
}
