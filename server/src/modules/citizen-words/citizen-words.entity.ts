import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { DescriptionSection } from '../description';
import { MeetingMode } from '../plan';

/** The citizen's comment on one held samtale, in their own words (one per samtale, versioned; migration 28). */
@ObjectType({ description: 'Borgerens kommentar til en holdt samtale, med borgerens egne ord.' })
@Entity({ name: 'citizen_meeting_comment' })
export class CitizenMeetingComment {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field(() => ID, { description: 'Den holdte opfølgningssamtale.' })
  @Column({ name: 'follow_up_id', type: 'uuid' })
  followUpId: string;

  @Field({ description: 'Kommentaren.' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'Først skrevet.' })
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field({ description: 'Senest ændret.' })
  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid' })
  updatedById: string;
}

/** The citizen asks for a samtale; the coordinator marks the request handled (e.g. when booking one). */
@ObjectType({ description: 'Borgerens ønske om en samtale.' })
@Entity({ name: 'citizen_meeting_request' })
export class CitizenMeetingRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field({ description: 'Hvad borgeren vil tale om.' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => String, { nullable: true, description: 'Ønsket tidspunkt, med borgerens ord (fx "en formiddag i næste uge").' })
  @Column({ name: 'wished_time', type: 'text', nullable: true })
  wishedTime: string | null;

  @Field(() => MeetingMode, { nullable: true, description: 'Ønsket form.' })
  @Column({ name: 'wished_mode', type: 'text', nullable: true })
  wishedMode: MeetingMode | null;

  @Field({ description: 'Sendt.' })
  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Behandlet (tom, mens ønsket er åbent).' })
  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  /** Who marked it handled (Field: CitizenMeetingRequest.handledBy). */
  @Column({ name: 'handled_by', type: 'uuid', nullable: true })
  handledById: string | null;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;
}

/** "Jeg har set planen": one mark, with its time; every mark is kept, the latest shows. */
@ObjectType({ description: 'Borgeren har set planen.' })
@Entity({ name: 'citizen_plan_seen' })
export class CitizenPlanSeen {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field({ description: 'Set.' })
  @Column({ name: 'seen_at', type: 'timestamptz' })
  seenAt: Date;

  @Column({ name: 'seen_by', type: 'uuid' })
  seenById: string;
}

/** A held samtale as the citizen's own words need it: when and how, and their comment. */
@ObjectType({ description: 'En holdt samtale og borgerens kommentar til den.' })
export class CitizenHeldMeeting {
  @Field(() => ID, { description: 'Opfølgningssamtalen.' })
  followUpId: string;

  @Field({ description: 'Afholdt.' })
  heldAt: Date;

  @Field(() => MeetingMode, { description: 'Form.' })
  mode: MeetingMode;

  @Field(() => CitizenMeetingComment, { nullable: true, description: 'Borgerens kommentar (tom, når borgeren ikke har skrevet en).' })
  comment: CitizenMeetingComment | null;
}

/** Everything the citizen has said in one plan, in their own words: what they write and what staff read. */
@ObjectType({ description: 'Borgerens egne ord i planen: ønsker og mål, hvad borgeren vil have hjælp til, kommentarer til samtaler, ønsker om samtale, og hvornår borgeren har set planen.' })
export class CitizenOwnWords {
  @Field(() => ID, { description: 'Planens id.' })
  id: string;

  @Field(() => [DescriptionSection], { description: 'Borgerens egne afsnit: "Mine ønsker og mål" og "Det vil jeg gerne have hjælp til".' })
  sections: DescriptionSection[];

  @Field(() => [CitizenHeldMeeting], { description: 'De holdte samtaler, nyeste først, med borgerens kommentarer.' })
  heldMeetings: CitizenHeldMeeting[];

  @Field(() => [CitizenMeetingRequest], { description: 'Borgerens ønsker om samtale, nyeste først (de seneste 20).' })
  meetingRequests: CitizenMeetingRequest[];

  @Field(() => CitizenPlanSeen, { nullable: true, description: 'Seneste gang borgeren markerede, at de har set planen.' })
  lastSeen: CitizenPlanSeen | null;
}
