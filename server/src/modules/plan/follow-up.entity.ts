import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MeetingMode } from './plan.enums';

@ObjectType({ description: 'Opfølgningssamtale: a follow-up meeting; the next one is always booked (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' })
@Entity({ name: 'follow_up_meeting' })
export class FollowUpMeeting {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field({ description: 'Afholdt.' })
  @Column({ name: 'held_at', type: 'timestamptz' })
  heldAt: Date;

  @Field(() => MeetingMode, { description: 'Form.' })
  @Column({ type: 'text' })
  mode: MeetingMode;

  @Field(() => [String], { description: 'Deltagere.' })
  @Column({ type: 'text', array: true })
  participants: string[];

  @Field({ description: 'Resumé.' })
  @Column({ type: 'text' })
  summary: string;

  @Field({ description: 'Næste samtale (aftalt inden denne sluttede).' })
  @Column({ name: 'next_meeting_at', type: 'timestamptz' })
  nextMeetingAt: Date;

  @Field({ description: 'Delt med mentor.' })
  @Column({ name: 'shared_with_mentor', type: 'boolean' })
  sharedWithMentor: boolean;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdById: string | null;
}
