import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ActivityStatus } from './intervention.enums';

@ObjectType({ description: 'Aktivitet: a concrete, dated step inside an intervention (e.g. "start i kantinen 1,5 t om tirsdagen").' })
@Entity({ name: 'activity' })
export class Activity {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field(() => ID, { nullable: true, description: 'Indsatsen aktiviteten hører til.' })
  @Column({ name: 'intervention_id', type: 'uuid', nullable: true })
  interventionId: string | null;

  @Field({ description: 'Titel.' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'Tidspunkt / frist.' })
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Field(() => ActivityStatus, { description: 'Status.' })
  @Column({ type: 'text' })
  status: ActivityStatus;

  @Field({ description: 'Ansvarlig (navn eller rolle).' })
  @Column({ type: 'text' })
  assignee: string;

  // Null when none is given, also on a plan event stored before places were (migration 67).
  @Field(() => String, { nullable: true, description: 'Sted (fx adresse eller lokale).' })
  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Field({ description: 'Noter.' })
  @Column({ type: 'text' })
  notes: string;

  @Field({ description: 'Delt med mentor.' })
  @Column({ name: 'shared_with_mentor', type: 'boolean' })
  sharedWithMentor: boolean;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'Senest ændret.' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;
}
