import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'Mentoropgave: what the mentor did with the citizen, logged by the mentor.' })
@Entity({ name: 'mentor_task' })
export class MentorTask {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Bevillingen.' })
  @Column({ name: 'grant_id', type: 'uuid' })
  grantId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'mentor_id', type: 'uuid' })
  mentorId: string;

  @Field({ description: 'Dato.' })
  @Column({ name: 'done_on', type: 'date' })
  date: string;

  @Field(() => Int, { description: 'Minutter.' })
  @Column({ type: 'int' })
  minutes: number;

  @Field({ description: 'Hvad (titel).' })
  @Column({ type: 'text' })
  title: string;

  @Field({ description: 'Note.' })
  @Column({ type: 'text' })
  note: string;

  @Field({ description: 'Udbytte / resultat.' })
  @Column({ type: 'text' })
  outcome: string;

  @Field(() => String, { nullable: true, description: 'Næste skridt.' })
  @Column({ name: 'next_step', type: 'text', nullable: true })
  nextStep: string | null;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'Registreret.' })
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /**
   * Set when the mentor removed the entry (logged by mistake): it is kept, and left out of every
   * list. Listed entries never have it; the removal's live event carries it, so an open plan
   * drops the entry.
   */
  @Field(() => Date, { nullable: true, description: 'Fjernet af mentoren (logget ved en fejl): hvornår.' })
  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  /** Who removed it: the mentor who logged it. */
  @Column({ name: 'removed_by', type: 'uuid', nullable: true })
  removedById: string | null;
}
