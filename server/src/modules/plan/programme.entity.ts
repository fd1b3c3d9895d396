import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { EndReason, ProgrammeStatus, ProgrammeType } from './plan.enums';

@ObjectType({ description: 'Forløb: a ressourceforløb, a jobafklaringsforløb or the municipality’s own helhedsorienteret forløb. Its end is fixed when it is granted and moves later only by a suspension such as barsel (STAR’s vejledning om ressourceforløb 2020, afsnit 6.3). It is governed by the law version of its decision date.' })
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

  @Field({ description: 'Afgørelsesdato: the day the programme was decided; it chooses the law version.' })
  @Column({ name: 'decision_date', type: 'date' })
  decisionDate: string;

  @Column({ name: 'law_version', type: 'text' })
  lawVersion: string;

  @Field({ description: 'Startdato.' })
  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Field({ description: 'Slutdato (til og med), fastsat i afgørelsen; flyttes kun senere af en suspension som barsel.' })
  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Field(() => String, { nullable: true, description: 'Dato for mødet i rehabiliteringsteamet, når der var et (første samtale anbefales senest en uge efter, STAR’s vejledning om ressourceforløb 2020, afsnit 5.2).' })
  @Column({ name: 'team_meeting_date', type: 'date', nullable: true })
  teamMeetingDate: string | null;

  @Field(() => String, { nullable: true, description: 'Helhedsorienteret forløb: dagen, borgeren gav samtykke til en fælles plan på tværs af lovområder.' })
  @Column({ name: 'joint_plan_consent_on', type: 'date', nullable: true })
  jointPlanConsentOn: string | null;

  @Field({ description: 'Borgeren ønskede selv forløbet (ressourceforløb efter reglerne fra 2022: det, der gør et forløb muligt ud over aldersreglerne, lov nr. 1160 af 8. juni 2021).' })
  @Column({ name: 'citizen_requested', type: 'boolean', default: false })
  citizenRequested: boolean;

  @Field(() => String, { nullable: true, description: 'Indsatsgaranti: dagen, sagen blev forelagt rehabiliteringsteamet, fordi fristen gik (LAB §113, stk. 2).' })
  @Column({ name: 'guarantee_team_date', type: 'date', nullable: true })
  guaranteeTeamDate: string | null;

  @Field(() => String, { nullable: true, description: 'Indsatsgaranti: de særlige grunde, der taler imod at forelægge sagen for rehabiliteringsteamet (LAB §113, stk. 2).' })
  @Column({ name: 'guarantee_special_reasons', type: 'text', nullable: true })
  guaranteeSpecialReasons: string | null;

  @Field(() => String, { nullable: true, description: 'Ressourceforløb efter reglerne fra 2022: dagen, borgeren skriftligt blev vejledt om retten til en samtale med sundhedskoordinator og koordinerende sagsbehandler — senest med det første konkrete beskæftigelsesrettede tilbud (LAB §113, stk. 3; bekendtgørelse nr. 2409 af 13. december 2021, §2).' })
  @Column({ name: 'health_talk_guided_on', type: 'date', nullable: true })
  healthTalkGuidedOn: string | null;

  @Field(() => ProgrammeStatus, { description: 'Status.' })
  @Column({ type: 'text' })
  status: ProgrammeStatus;

  @Field({
    description: 'Stoppet før første dag: forløbet blev afsluttet, før det begyndte, og har ikke kørt nogen dag (slutdatoen er da startdatoen). Et forløb afsluttet på sin første dag har kørt den dag.',
  })
  @Column({ name: 'stopped_before_start', type: 'boolean', default: false })
  stoppedBeforeStart: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Registreret ved en fejl: begrundelsen, når forløbet er markeret som registreret ved en fejl (forkert borger, forkert forløbstype, en dublet). Et sådant forløb har ikke kørt nogen dag og tæller ikke med i nøgletallene, aldersreglerne eller antallet af tidligere jobafklaringsforløb.',
  })
  @Column({ name: 'registered_in_error_reason', type: 'text', nullable: true })
  registeredInErrorReason: string | null;

  @Field(() => Date, { nullable: true, description: 'Markeret som registreret ved en fejl: hvornår.' })
  @Column({ name: 'registered_in_error_at', type: 'timestamptz', nullable: true })
  registeredInErrorAt: Date | null;

  /** Who marked it registered by mistake (the field `registeredInErrorBy`). */
  @Column({ name: 'registered_in_error_by', type: 'uuid', nullable: true })
  registeredInErrorById: string | null;

  @Field({
    description: 'Har ikke kørt nogen dag: stoppet før første dag eller registreret ved en fejl. Forløbet tæller da ikke som et forløb, borgeren har haft (aldersreglerne, tidligere jobafklaringsforløb, nøgletallene).',
  })
  // Kept by PostgreSQL from the two marks (migration 62); never written.
  @Column({ name: 'never_ran', type: 'boolean', insert: false, update: false })
  neverRan: boolean;

  @Field(() => EndReason, { nullable: true, description: 'Afslutningsårsag.' })
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: EndReason | null;

  @Field(() => Int, { description: 'Version, for optimistic concurrency.' })
  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
