import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GoalKind } from './plan.enums';

@ObjectType({ description: 'Plan: rehabiliteringsplanens indsatsdel, the one shared plan of a programme (STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' })
@Entity({ name: 'plan' })
export class Plan {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Column({ name: 'programme_id', type: 'uuid', unique: true })
  programmeId: string;

  @Column({ name: 'citizen_id', type: 'uuid' })
  citizenId: string;

  @Field({ description: 'Beskæftigelses- eller uddannelsesmål.' })
  @Column({ name: 'employment_goal', type: 'text' })
  employmentGoal: string;

  @Field(() => GoalKind, { description: 'Om målet er et konkret job, en branche/jobfunktion eller en uddannelse.' })
  @Column({ name: 'goal_kind', type: 'text' })
  goalKind: GoalKind;

  @Field({ description: 'Planperiodens start.' })
  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Field({ description: 'Planperiodens slut (skal dække mindst 6 måneder frem, STAR’s vejledning om ressourceforløb 2020, afsnit 5.3).' })
  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @Field({ description: 'Senest ændret.' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;
}
