import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Area, ProgressScale, SubGoalStatus } from './plan.enums';

@ObjectType({ description: 'Delmål: a sub-goal within an area, leading toward the overall goal.' })
@Entity({ name: 'sub_goal' })
export class SubGoal {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field(() => Area, { description: 'Indsatsområde.' })
  @Column({ type: 'text' })
  area: Area;

  @Field({ description: 'Delmålet.' })
  @Column({ type: 'text' })
  text: string;

  @Field({ description: 'Begrundelse.' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => SubGoalStatus, { description: 'Status.' })
  @Column({ type: 'text' })
  status: SubGoalStatus;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'Senest ændret.' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;
}

@ObjectType({ description: 'Progressionsmåling: one measurement of progress on a sub-goal.' })
@Entity({ name: 'sub_goal_progress' })
export class SubGoalProgress {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Delmålet.' })
  @Column({ name: 'sub_goal_id', type: 'uuid' })
  subGoalId: string;

  @Field({ description: 'Målt den (YYYY-MM-DD).' })
  @Column({ name: 'measured_on', type: 'date' })
  measuredOn: string;

  @Field(() => ProgressScale, { description: 'Skala.' })
  @Column({ type: 'text' })
  scale: ProgressScale;

  @Field(() => Int, { description: 'Værdi (1–5 eller 0–100).' })
  @Column({ type: 'int' })
  value: number;

  @Field(() => String, { nullable: true, description: 'Kommentar.' })
  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedById: string;

  @Field({ description: 'Registreret.' })
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}
