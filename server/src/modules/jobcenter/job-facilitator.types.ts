import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { IsIsoDay } from '../../core/validation';

/**
 * One assignment of the citizen's personal jobformidler (LAB §113 a): who, from which jobcenter
 * unit, from which day, and until which. Never overwritten: a change ends the current one and
 * adds the next, as the coordinator's assignments are kept (migration 61).
 */
@ObjectType({ description: 'Personlig jobformidler: den medarbejder i jobcenteret, der hjælper borgeren i ressourceforløb mod job (LAB §113 a).' })
@Entity({ name: 'job_facilitator_assignment' })
export class JobFacilitatorAssignment {
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

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Field({ description: 'Personlig jobformidler fra: den dag, medarbejderen blev borgerens personlige jobformidler (YYYY-MM-DD).' })
  @Column({ name: 'from_date', type: 'date' })
  fromDate: string;

  @Field(() => String, {
    nullable: true,
    description: 'Ikke længere personlig jobformidler fra: den første dag, medarbejderen ikke længere var borgerens personlige jobformidler (YYYY-MM-DD); tom for den nuværende.',
  })
  @Column({ name: 'to_date', type: 'date', nullable: true })
  toDate: string | null;

  @Field({ description: 'Registreret.' })
  @Column({ name: 'assigned_at', type: 'timestamptz' })
  assignedAt: Date;

  @Column({ name: 'assigned_by', type: 'uuid' })
  assignedById: string;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'ended_by', type: 'uuid', nullable: true })
  endedById: string | null;
}

@InputType({ description: 'Borgerens personlige jobformidler fra en dag (LAB §113 a): en aktiv medarbejder i en af kommunens jobcenterenheder.' })
export class AssignJobFacilitatorInput {
  @Field(() => ID, { description: 'Forløbet (et ressourceforløb efter reglerne fra 2022).' })
  programmeId: string;

  @Field(() => ID, { description: 'Medarbejderen.' })
  userId: string;

  @Field({ description: 'Fra: den dag, medarbejderen er borgerens personlige jobformidler fra (ikke frem i tiden, ikke før afgørelsesdatoen).' })
  @IsIsoDay()
  fromDate: string;

  @Field(() => ID, { nullable: true, description: 'Den nuværende tildeling, som du har læst (tom, når borgeren ikke havde nogen): er den skiftet imens, afvises ændringen.' })
  expectedCurrentId?: string | null;
}

@InputType({ description: 'Borgeren har ikke længere en personlig jobformidler fra en dag (LAB §113 a).' })
export class EndJobFacilitatorInput {
  @Field(() => ID, { description: 'Forløbet.' })
  programmeId: string;

  @Field({ description: 'Fra: den første dag uden personlig jobformidler (ikke frem i tiden, ikke før den nuværende begyndte).' })
  @IsIsoDay()
  fromDate: string;

  @Field(() => ID, { description: 'Den nuværende tildeling, som du har læst: er den skiftet imens, afvises ændringen.' })
  expectedCurrentId: string;
}
