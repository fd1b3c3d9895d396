import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One period an intervention was Sat på pause: opened the day it was set so, closed the day it
 * left it (Aktiv, Afsluttet, Annulleret or Planlagt), in the transaction of that status change
 * (intervention.service.ts). Every period is kept, so the key figures count ordinary hours as out
 * of force on the days of any of them (modules/figures), and a month gone by keeps its figure
 * when the intervention is paused again later. The current pause is the one without `resumedOn`;
 * its day is the intervention's `pausedOn` too.
 */
@ObjectType({ description: 'En periode, hvor indsatsen var sat på pause.' })
@Entity({ name: 'intervention_pause' })
export class InterventionPause {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Column({ name: 'intervention_id', type: 'uuid' })
  interventionId: string;

  @Field(() => String, { name: 'from', description: 'Sat på pause den.' })
  @Column({ name: 'paused_on', type: 'date' })
  pausedOn: string;

  @Field(() => String, { name: 'to', nullable: true, description: 'Pausen sluttede den (status ændret fra Sat på pause); tom, mens den varer.' })
  @Column({ name: 'resumed_on', type: 'date', nullable: true })
  resumedOn: string | null;

  /** Who set it paused: null for a period back-filled without its event (migration 63). */
  @Column({ name: 'paused_by', type: 'uuid', nullable: true })
  pausedById: string | null;

  @Column({ name: 'resumed_by', type: 'uuid', nullable: true })
  resumedById: string | null;
}
