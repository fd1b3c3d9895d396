import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { EndReason, ProgrammeStatus, ProgrammeType } from './plan.enums';

@ObjectType({ description: 'Forløb: a ressourceforløb or jobafklaringsforløb. Its end is fixed when it is granted (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3).' })
@Entity({ name: 'programme' })
export class Programme {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Column({ name: 'citizen_id', type: 'uuid' })
  citizenId: string;

  @Field(() => ProgrammeType, { description: 'Forløbstype.' })
  @Column({ type: 'text' })
  type: ProgrammeType;

  @Field({ description: 'Startdato.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Field({ description: 'Slutdato, fastsat i afgørelsen.' })
  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Field(() => ProgrammeStatus, { description: 'Status.' })
  @Column({ type: 'text' })
  status: ProgrammeStatus;

  @Field(() => EndReason, { nullable: true, description: 'Afslutningsårsag.' })
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: EndReason | null;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
