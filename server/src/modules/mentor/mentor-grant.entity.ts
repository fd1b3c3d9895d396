import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'Mentorstøtte: a grant of mentor support for at most 6 months, with prioritised goals and focus areas (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8 og 7).' })
@Entity({ name: 'mentor_grant' })
export class MentorGrant {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Column({ name: 'programme_id', type: 'uuid' })
  programmeId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'mentor_id', type: 'uuid' })
  mentorId: string;

  @Field({ description: 'Formål.' })
  @Column({ type: 'text' })
  purpose: string;

  @Field(() => [String], { description: 'Mål i prioriteret rækkefølge.' })
  @Column({ type: 'text', array: true })
  goals: string[];

  @Field(() => [String], { description: 'Fokusområder.' })
  @Column({ name: 'focus_areas', type: 'text', array: true })
  focusAreas: string[];

  @Field(() => [ID], { description: 'Delmål mentor skal kende.' })
  @Column({ name: 'sub_goal_ids', type: 'uuid', array: true })
  subGoalIds: string[];

  @Field({ description: 'Start.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Field({ description: 'Slut (højst 6 måneder efter start).' })
  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Field(() => ID, { nullable: true, description: 'Den bevilling denne forlænger.' })
  @Column({ name: 'previous_grant_id', type: 'uuid', nullable: true })
  previousGrantId: string | null;

  @Field({ description: 'Afsluttet før tid.' })
  @Column({ name: 'ended_early', type: 'boolean' })
  endedEarly: boolean;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;
}
