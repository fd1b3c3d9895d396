import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'Koordinatortildeling: who coordinates a programme, from which unit, since when and why (STAR’s vejledning om ressourceforløb 2020, afsnit 5.1).' })
@Entity({ name: 'coordinator_assignment' })
export class CoordinatorAssignment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Forløbet.' })
  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'unit_id', type: 'uuid', nullable: true })
  unitId: string | null;

  @Field({ description: 'Fra.' })
  @Column({ name: 'from_at', type: 'timestamptz' })
  fromAt: Date;

  @Field(() => Date, { nullable: true, description: 'Til (tom for den nuværende).' })
  @Column({ name: 'to_at', type: 'timestamptz', nullable: true })
  toAt: Date | null;

  @Field({ description: 'Begrundelse.' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => Boolean, { nullable: true, description: 'Om borgeren var hørt før skiftet; tom for den første tildeling, da forløbet blev oprettet.' })
  @Column({ name: 'citizen_consulted', type: 'boolean', nullable: true })
  citizenConsulted: boolean | null;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedById: string | null;
}
