import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import { BaseVersionField } from '../../core/db/versioned-update';
import { DescriptionKind } from '../description';
import { MeetingMode } from '../plan';
import { MaxChars } from '../../core/validation';

/** How long a comment on a samtale may be. */
export const COMMENT_TEXT_MAX = 2_000;
/** How long a request for a samtale may be, and its wished time. */
export const REQUEST_TEXT_MAX = 1_000;
export const WISHED_TIME_MAX = 200;

@InputType({ description: 'Borgeren skriver et af sine egne afsnit i sin plan.' })
export class WriteMyDescriptionSectionInput {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field(() => DescriptionKind, { description: 'Afsnittet: CITIZEN_WISHES eller HELP_WANTED.' })
  @IsIn([DescriptionKind.CITIZEN_WISHES, DescriptionKind.HELP_WANTED], { message: 'Du kan skrive i "Mine ønsker og mål" og "Det vil jeg gerne have hjælp til".' })
  kind: DescriptionKind;

  @Field({ description: 'Teksten. Tom fjerner det, borgeren selv har skrevet i afsnittet; den tidligere tekst gemmes i afsnittets versioner og i hændelsen.' })
  @MaxChars(4_000, { trimmed: true, message: 'Teksten må højst være 4.000 tegn.' })
  text: string;

  @Field(() => Int, { description: 'Den version, der blev læst (0 for et afsnit, der ikke er skrevet endnu).' })
  @IsInt({ message: 'Versionen skal være et helt tal.' })
  @Min(0, { message: 'Versionen skal være 0 eller mere.' })
  expectedVersion: number;

  @BaseVersionField(0)
  baseVersion?: number | null;
}

@InputType({ description: 'Borgerens kommentar til en holdt samtale.' })
export class WriteMyMeetingCommentInput {
  @Field(() => ID, { description: 'Den holdte opfølgningssamtale.' })
  followUpId: string;

  @Field({ description: 'Kommentaren.' })
  @MaxChars(COMMENT_TEXT_MAX, { trimmed: true, message: 'Kommentaren må højst være 2.000 tegn.' })
  text: string;

  @Field(() => Int, { description: 'Den version, der blev læst (0 for en ny kommentar).' })
  @IsInt({ message: 'Versionen skal være et helt tal.' })
  @Min(0, { message: 'Versionen skal være 0 eller mere.' })
  expectedVersion: number;

  @BaseVersionField(0)
  baseVersion?: number | null;
}

@InputType({ description: 'Borgeren beder om en samtale.' })
export class RequestMeetingInput {
  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field({ description: 'Hvad borgeren vil tale om.' })
  @MaxChars(REQUEST_TEXT_MAX, { trimmed: true, message: 'Teksten må højst være 1.000 tegn.' })
  text: string;

  @Field(() => String, { nullable: true, description: 'Ønsket tidspunkt, med borgerens egne ord.' })
  @IsOptional()
  @MaxChars(WISHED_TIME_MAX, { trimmed: true, message: 'Det ønskede tidspunkt må højst være 200 tegn.' })
  wishedTime?: string | null;

  @Field(() => MeetingMode, { nullable: true, description: 'Ønsket form.' })
  @IsOptional()
  @IsIn(Object.values(MeetingMode), { message: 'Ukendt form.' })
  wishedMode?: MeetingMode | null;
}

@InputType({ description: 'Markér borgerens ønske om en samtale som behandlet.' })
export class HandleMeetingRequestInput {
  @Field(() => ID, { description: 'Ønsket.' })
  id: string;

  @Field(() => Int, { description: 'Den version, der blev læst.' })
  @IsInt({ message: 'Versionen skal være et helt tal.' })
  @Min(1, { message: 'Versionen skal være 1 eller mere.' })
  expectedVersion: number;
}
