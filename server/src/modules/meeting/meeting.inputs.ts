import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsUrl, IsUUID, Min, ValidateNested } from 'class-validator';
import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { BaseVersionField } from '../../core/db/versioned-update';
import { IsFilledText, IsInstant, MaxChars, TEXT_LIMITS } from '../../core/validation';
import { VIDEO_LINK_MAX, VIDEO_LINK_TOO_LONG } from '@samplan/schema';
import { MeetingMode } from '../plan';

/** What a recorded attendance says: the citizen came, or did not. */
export enum Attendance {
  ATTENDED = 'ATTENDED',
  ABSENT = 'ABSENT',
}

registerEnumType(Attendance, {
  name: 'Attendance',
  description: 'Fremmøde til en booket samtale.',
  valuesConfig: { ATTENDED: { description: 'Mødt' }, ABSENT: { description: 'Udeblevet' } },
});

/** Which booked samtaler Plan.meetings lists. */
export enum MeetingPeriod {
  UPCOMING = 'UPCOMING',
  /** The coordinator's and the team's list: what is ahead, and what was held but waits for its fremmøde. */
  OPEN = 'OPEN',
  PAST = 'PAST',
  ALL = 'ALL',
}

registerEnumType(MeetingPeriod, {
  name: 'MeetingPeriod',
  description: 'Hvilke samtaler: kommende (først den næste), åbne (de kommende og de holdte, hvor fremmøde ikke er registreret; ældste først), tidligere (nyeste først) eller alle.',
  valuesConfig: {
    UPCOMING: { description: 'Kommende' },
    OPEN: { description: 'Kommende og holdte, der mangler registrering af fremmøde' },
    PAST: { description: 'Tidligere' },
    ALL: { description: 'Alle' },
  },
});

@InputType({ description: 'En deltager uden for kommunen: netværksperson eller bisidder.' })
export class MeetingGuestInput {
  @Field({ description: 'Navn.' })
  @IsFilledText(TEXT_LIMITS.title, { subject: 'Deltagerens navn' })
  name: string;

  @Field({ description: 'Relation, fx "Pers mor" eller "bisidder".' })
  @IsFilledText(TEXT_LIMITS.title, { subject: 'Deltagerens relation' })
  relation: string;
}

/**
 * Who from the municipality takes part, the citizen's network, and the agenda: what a booking
 * sets (each empty when left out) and "Ret deltagere og dagsorden" changes (each kept when left out).
 */
type Edit = 'book' | 'edit';
/** A booking's default when left out, or an edit's "left out: kept as it is". */
const leftOut = (edit: Edit, description: string, empty: unknown) =>
  edit === 'book' ? { defaultValue: empty, description } : { nullable: true, description: `${description} Udeladt: uændret.` };
const optional = (edit: Edit, target: object, key: string) => {
  if (edit === 'edit') IsOptional()(target, key);
};

function ParticipantStaffField(edit: Edit = 'book'): PropertyDecorator {
  return (target, key) => {
    Field(() => [ID], leftOut(edit, 'Deltagere fra kommunen: medarbejdere, der kan se planen, og borgerens mentor.', []))(target, key);
    optional(edit, target, key as string);
    ArrayMaxSize(20, { message: 'Højst 20 medarbejdere.' })(target, key as string);
    IsUUID('all', { each: true, message: 'Ukendt medarbejder.' })(target, key as string);
  };
}

function ParticipantGuestsField(edit: Edit = 'book'): PropertyDecorator {
  return (target, key) => {
    Field(() => [MeetingGuestInput], leftOut(edit, 'Netværkspersoner og bisidder.', []))(target, key);
    optional(edit, target, key as string);
    ArrayMaxSize(10, { message: 'Højst 10 deltagere uden for kommunen.' })(target, key as string);
    ValidateNested({ each: true })(target, key as string);
  };
}

function AgendaField(edit: Edit = 'book'): PropertyDecorator {
  return (target, key) => {
    Field(() => String, leftOut(edit, 'Dagsorden.', ''))(target, key);
    optional(edit, target, key as string);
    MaxChars(TEXT_LIMITS.long, { trimmed: true, message: `Dagsordenen må højst være ${TEXT_LIMITS.long} tegn.` })(target, key as string);
  };
}

/** Time and place: what booking and moving a samtale both set. */
@InputType({ description: 'Tid og sted for en samtale.' })
abstract class MeetingTimeAndPlaceInput {
  @Field({ description: 'Starter (tidspunkt med tidszone).' })
  @IsInstant('Starttidspunktet skal være et tidspunkt.')
  startsAt: string;

  @Field({ description: 'Slutter (tidspunkt med tidszone).' })
  @IsInstant('Sluttidspunktet skal være et tidspunkt.')
  endsAt: string;

  @Field(() => MeetingMode, { description: 'Form: fremmøde, telefon eller video.' })
  @IsIn(Object.values(MeetingMode), { message: 'Vælg fremmøde, telefon eller video.' })
  mode: MeetingMode;

  @Field(() => String, { nullable: true, description: 'Sted (adresse); skal udfyldes ved fremmøde.' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.title, { trimmed: true, message: 'Stedet må højst være 200 tegn.' })
  place?: string | null;

  @Field(() => String, { nullable: true, description: 'Link til videosamtalen; tom: oplyses senere.' })
  @IsOptional()
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'Linket skal være en https-adresse.' })
  @MaxChars(VIDEO_LINK_MAX, { trimmed: true, message: VIDEO_LINK_TOO_LONG })
  videoLink?: string | null;
}

@InputType({ description: 'Book en samtale med borgeren.' })
export class BookMeetingInput extends MeetingTimeAndPlaceInput {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @ParticipantStaffField()
  staffIds: string[];

  @ParticipantGuestsField()
  guests: MeetingGuestInput[];

  @AgendaField()
  agenda: string;

  @Field(() => String, {
    nullable: true,
    description: 'Ved "Book den aftalte samtale": det tidspunkt, der blev aftalt ved seneste opfølgningssamtale (Plan.nextFollowUpAt). Samtalen bookes så som den aftalte; tom: en anden samtale.',
  })
  @IsOptional()
  @IsInstant('Den aftalte samtale skal være et tidspunkt.')
  agreedAt?: string | null;
}

@InputType({ description: 'Flyt en booket samtale: ny tid og nyt sted.' })
export class MoveMeetingInput extends MeetingTimeAndPlaceInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Den version, der blev læst.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;

  @BaseVersionField()
  baseVersion?: number | null;
}

/** A change of one booked samtale, on the version read. */
@InputType({ description: 'En booket samtale i den version, der blev læst.' })
abstract class MeetingVersionInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { description: 'Den version, der blev læst.' })
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

@InputType({ description: 'Ret deltagerne og dagsordenen for en booket samtale: hver liste hele, som den skal være.' })
export class EditMeetingInput extends MeetingVersionInput {
  @ParticipantStaffField('edit')
  staffIds?: string[] | null;

  @ParticipantGuestsField('edit')
  guests?: MeetingGuestInput[] | null;

  @AgendaField('edit')
  agenda?: string | null;
}

@InputType({ description: 'Aflys en booket samtale.' })
export class CancelMeetingInput extends MeetingVersionInput {
  @Field({ description: 'Begrundelse.' })
  @IsFilledText(TEXT_LIMITS.short, { subject: 'Begrundelsen' })
  reason: string;
}

@InputType({ description: 'Registrér fremmøde til en booket samtale. Mødt: samtalen registreres som holdt, med resumé og næste aftalte samtale.' })
export class RecordMeetingAttendanceInput extends MeetingVersionInput {
  @Field(() => Attendance, { description: 'Mødt eller udeblevet.' })
  @IsIn(Object.values(Attendance), { message: 'Vælg mødt eller udeblevet.' })
  attendance: Attendance;

  @Field(() => Boolean, { nullable: true, description: 'Ved udeblivelse: var der rimelig grund?' })
  @IsOptional()
  @IsBoolean({ message: 'Angiv, om der var rimelig grund.' })
  reasonableCause?: boolean | null;

  @Field({ defaultValue: '', description: 'Note.' })
  @MaxChars(TEXT_LIMITS.long, { trimmed: true, message: `Noten må højst være ${TEXT_LIMITS.long} tegn.` })
  note: string;

  @Field(() => String, { nullable: true, description: 'Ved fremmøde: resumé af samtalen.' })
  @IsOptional()
  @MaxChars(TEXT_LIMITS.long, { trimmed: true, message: `Resuméet må højst være ${TEXT_LIMITS.long} tegn.` })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: 'Ved fremmøde: næste aftalte samtale (tidspunkt).' })
  @IsOptional()
  @IsInstant('Næste samtale skal være et tidspunkt.')
  nextMeetingAt?: string | null;

  @Field({ defaultValue: false, description: 'Ved fremmøde: del den holdte samtale med mentor (tidspunkt, form og næste samtale; ikke resuméet).' })
  sharedWithMentor: boolean;
}
