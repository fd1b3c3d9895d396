import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Area } from '../plan/plan.enums';
import { ActivityStatus } from '../intervention/intervention.enums';
import { MeetingMode } from '../plan/plan.enums';
import { MentorGrant } from './mentor-grant.entity';
import { MentorTask } from './mentor-task.entity';

/*
 * The mentor's world: separate, small types holding only what the task needs (STAR’s vejledning om ressourceforløb 2020, afsnit 5.8).
 * A mentor never reaches Plan, Intervention or Citizen; every field here is on the
 * allow-list in mentor.allow-list.ts, and a test fails on a field that is not.
 */

@ObjectType({ description: 'Borgeren, som mentor ser hende: navn og kontakt for at kunne mødes.' })
export class MentorCitizen {
  @Field({ description: 'Navn.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Telefon.' })
  phone: string | null;

  @Field(() => String, { nullable: true, description: 'Adresse.' })
  address: string | null;
}

@ObjectType({ description: 'Et delmål nævnt i bevillingen.' })
export class MentorSubGoal {
  @Field(() => ID)
  id: string;

  @Field(() => Area, { description: 'Indsatsområde.' })
  area: Area;

  @Field({ description: 'Delmålet.' })
  text: string;
}

@ObjectType({ description: 'En aktivitet delt med mentor: kun titel, tidspunkt, status og sted.' })
export class MentorActivity {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Titel.' })
  title: string;

  @Field({ description: 'Tidspunkt.' })
  dueAt: Date;

  @Field(() => ActivityStatus, { description: 'Status.' })
  status: ActivityStatus;

  @Field(() => String, { nullable: true, description: 'Sted (fx adresse eller lokale).' })
  place: string | null;
}

@ObjectType({ description: 'En opfølgningssamtale delt med mentor: kun tidspunkter og form.' })
export class MentorMeeting {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Afholdt.' })
  heldAt: Date;

  @Field({ description: 'Næste samtale.' })
  nextMeetingAt: Date;

  @Field(() => MeetingMode, { description: 'Form.' })
  mode: MeetingMode;
}

/** Where the next samtale the mentor was told of stands (docs/domain.md, rule 2). */
export enum MentorNextSamtaleStatus {
  AGREED = 'AGREED',
  BOOKED = 'BOOKED',
  CANCELLED = 'CANCELLED',
}

registerEnumType(MentorNextSamtaleStatus, {
  name: 'MentorNextSamtaleStatus',
  description: 'Hvor den næste samtale står, som mentor ser den.',
  valuesConfig: {
    AGREED: { description: 'Aftalt ved sidste samtale, ikke booket' },
    BOOKED: { description: 'Booket' },
    CANCELLED: { description: 'Aflyst, og ingen ny er booket' },
  },
});

@ObjectType({ description: 'Den næste opfølgningssamtale, som mentor ser den: kun tidspunkt og form, aldrig dagsorden, deltagere eller noter.' })
export class MentorNextSamtale {
  @Field(() => MentorNextSamtaleStatus, { description: 'Aftalt, booket eller aflyst.' })
  status: MentorNextSamtaleStatus;

  @Field({ description: 'Starter (aflyst: det tidspunkt, der er aflyst).' })
  startsAt: Date;

  @Field(() => Date, { nullable: true, description: 'Slutter (kun en booket eller aflyst samtale).' })
  endsAt: Date | null;

  @Field(() => MeetingMode, { nullable: true, description: 'Form (kun en booket eller aflyst samtale).' })
  mode: MeetingMode | null;
}

@ObjectType({ description: 'En booket samtale, som mentor deltager i: tidspunkt, form og sted, så mentor kan følge borgeren derhen; aldrig dagsorden, de andre deltagere eller noter.' })
export class MentorSamtale {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Starter.' })
  startsAt: Date;

  @Field({ description: 'Slutter.' })
  endsAt: Date;

  @Field(() => MeetingMode, { description: 'Form.' })
  mode: MeetingMode;

  @Field(() => String, { nullable: true, description: 'Sted (ved fremmøde).' })
  place: string | null;

  @Field(() => String, { nullable: true, description: 'Link (ved video).' })
  videoLink: string | null;

  @Field({ description: 'Aflyst (den står på listen, til den ville have været slut).' })
  cancelled: boolean;
}

@ObjectType({ description: 'Mentorsag: én borger med en aktiv bevilling til mig.' })
export class MentorCase {
  @Field(() => MentorGrant, { description: 'Bevillingen (mål og fokusområder).' })
  grant: MentorGrant;

  @Field(() => MentorCitizen, { description: 'Borgeren.' })
  citizen: MentorCitizen;

  @Field({ description: 'Planens beskæftigelsesmål.' })
  employmentGoal: string;

  @Field(() => [MentorSubGoal], { description: 'Delmål nævnt i bevillingen.' })
  subGoals: MentorSubGoal[];

  @Field(() => [MentorActivity], { description: 'Aktiviteter delt med mig.' })
  sharedActivities: MentorActivity[];

  @Field(() => [MentorMeeting], { description: 'Opfølgningssamtaler delt med mig.' })
  sharedMeetings: MentorMeeting[];

  @Field(() => MentorNextSamtale, { nullable: true, description: 'Næste opfølgningssamtale: den bookede tid, når den aftalte samtale er booket (også flyttet), "aflyst", når den er aflyst uden en ny; kun når den seneste afholdte samtale er delt med mig, og kun mens den ligger forude.' })
  nextSamtale: MentorNextSamtale | null;

  @Field(() => [MentorSamtale], { description: 'Bookede samtaler, jeg deltager i, der ikke er slut endnu, den første først; en aflyst med, markeret.' })
  mySamtaler: MentorSamtale[];

  @Field(() => [MentorTask], { description: 'Min log for denne borger, nyeste først: under denne bevilling og mine tidligere bevillinger på planen (de tidligere kan kun læses). Aldrig en anden mentors log.' })
  tasks: MentorTask[];

  /** Not a field: used to load the rest. */
  planId: string;
}
