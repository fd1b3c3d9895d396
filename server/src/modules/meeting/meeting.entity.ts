import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { MeetingMode } from '../plan';

/** Where a booked samtale stands: booked, cancelled, or held (attended) or missed (absent). */
export enum MeetingStatus {
  BOOKED = 'BOOKED',
  CANCELLED = 'CANCELLED',
  ATTENDED = 'ATTENDED',
  ABSENT = 'ABSENT',
}

registerEnumType(MeetingStatus, {
  name: 'MeetingStatus',
  description: 'Status for en booket samtale.',
  valuesConfig: {
    BOOKED: { description: 'Booket' },
    CANCELLED: { description: 'Aflyst' },
    ATTENDED: { description: 'Borgeren mødte' },
    ABSENT: { description: 'Borgeren udeblev' },
  },
});

@ObjectType({ description: 'Deltager uden for kommunen: en fra borgerens netværk eller en bisidder.' })
export class MeetingGuest {
  @Field({ description: 'Navn.' })
  name: string;

  @Field({ description: 'Relation, fx "Pers mor" eller "bisidder".' })
  relation: string;
}

@ObjectType({ description: 'Booket samtale: en aftalt opfølgningssamtale med tid, sted, deltagere og dagsorden (STAR’s vejledning om ressourceforløb 2020, afsnit 5.5).' })
@Entity({ name: 'booked_meeting' })
export class BookedMeeting {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Field(() => ID, { description: 'Planen.' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Field({ description: 'Starter.' })
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Field({ description: 'Slutter.' })
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Field(() => MeetingMode, { description: 'Form: fremmøde, telefon eller video.' })
  @Column({ type: 'text' })
  mode: MeetingMode;

  @Field(() => String, { nullable: true, description: 'Sted (adresse) ved fremmøde.' })
  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Field(() => String, { nullable: true, description: 'Link til videosamtalen; tom: oplyses senere.' })
  @Column({ name: 'video_link', type: 'text', nullable: true })
  videoLink: string | null;

  /** Staff of the municipality taking part (Field: BookedMeeting.staff). */
  @Column({ name: 'staff_ids', type: 'uuid', array: true })
  staffIds: string[];

  @Field(() => [MeetingGuest], { description: 'Netværkspersoner og bisidder.' })
  @Column({ type: 'jsonb' })
  guests: MeetingGuest[];

  @Field({ description: 'Dagsorden.' })
  @Column({ type: 'text' })
  agenda: string;

  @Field(() => MeetingStatus, { description: 'Status.' })
  @Column({ type: 'text' })
  status: MeetingStatus;

  @Field(() => String, { nullable: true, description: 'Begrundelse for aflysning.' })
  @Column({ name: 'cancel_reason', type: 'text', nullable: true })
  cancelReason: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Ved udeblivelse: om der var rimelig grund.' })
  @Column({ name: 'absence_reasonable_cause', type: 'boolean', nullable: true })
  absenceReasonableCause: boolean | null;

  @Field(() => String, { nullable: true, description: 'Note om fremmødet.' })
  @Column({ name: 'attendance_note', type: 'text', nullable: true })
  attendanceNote: string | null;

  /**
   * The held samtale whose agreed next samtale this is the booking of ("Book den aftalte
   * samtale"); none for a samtale booked for something else. A mentor is told the agreed
   * samtale is called off only when a booking of it is (mentor-next-samtale.ts).
   */
  @Column({ name: 'agreed_at_follow_up_id', type: 'uuid', nullable: true })
  agreedAtFollowUpId: string | null;

  /** The held follow-up samtale an attended booking became (Field: BookedMeeting.followUp). */
  @Column({ name: 'follow_up_id', type: 'uuid', nullable: true })
  followUpId: string | null;

  @Field(() => Int, { description: 'Version.' })
  @Column({ type: 'int' })
  version: number;

  @Field({ description: 'Booket.' })
  @Column({ name: 'booked_at', type: 'timestamptz' })
  bookedAt: Date;

  @Column({ name: 'booked_by', type: 'uuid' })
  bookedById: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;
}
