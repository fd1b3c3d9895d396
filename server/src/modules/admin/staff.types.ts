import { IsEnum, IsOptional, IsUUID, Min } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Role, Unit } from '../org';
import { IsEmailAddress, IsFilledText, IsPhone, MaxChars } from '../../core/validation';
import { ExpectedVersionField } from './admin-version';

/** Derived from the user's row: invited until the first sign-in, deactivated while `deactivated_at` is set. */
export enum StaffStatus {
  INVITED = 'INVITED',
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
}

registerEnumType(StaffStatus, {
  name: 'StaffStatus',
  description: 'Medarbejderens status.',
  valuesConfig: {
    INVITED: { description: 'Inviteret (har ikke logget ind endnu).' },
    ACTIVE: { description: 'Aktiv.' },
    DEACTIVATED: { description: 'Deaktiveret (kan ikke logge ind).' },
  },
});

/**
 * A change of role or unit of an account that has signed in, waiting for another administrator's
 * approval: until then the account keeps working in the role and unit it has.
 */
@ObjectType({ description: 'En ændring af rolle og enhed, der venter på, at en anden administrator godkender den (fire øjne); indtil da har medarbejderen sin nuværende rolle og enhed.' })
export class StaffPendingChange {
  @Field(() => Role, { description: 'Den rolle, ændringen giver.' })
  role: Role;

  @Field(() => Unit, { nullable: true, description: 'Den enhed, ændringen giver; tom for en rolle uden enhed.' })
  unit: Unit | null;

  @Field(() => ID, { description: 'Den administrator, der bad om ændringen: kan ikke selv godkende den.' })
  requestedById: string;

  @Field({ description: 'Navnet på den administrator, der bad om ændringen.' })
  requestedByName: string;

  @Field(() => Date, { description: 'Hvornår der blev bedt om ændringen.' })
  requestedAt: Date;
}

@ObjectType({ description: 'Medarbejder, som administratoren ser dem: rolle, enhed og status.' })
export class StaffMember {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Navn.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'E-mail (små bogstaver); en invitation pr. e-mail bindes ved første login.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Identitetsudbyderens subject; tomt, indtil en invitation pr. e-mail er taget imod.' })
  subject: string | null;

  @Field(() => String, { nullable: true, description: 'Arbejdstelefon.' })
  phone: string | null;

  @Field(() => Role, { description: 'Rolle.' })
  role: Role;

  /** The unit's id; the `unit` field resolves it. */
  unitId: string | null;

  @Field(() => StaffStatus, { description: 'Status.' })
  status: StaffStatus;

  @Field(() => Date, { description: 'Inviteret.' })
  invitedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Første login.' })
  activatedAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Deaktiveret.' })
  deactivatedAt: Date | null;

  @Field({ description: 'Invitationen venter på, at en anden administrator end den, der inviterede, godkender den (fire øjne): indtil da kan den ikke tages i brug ved login.' })
  awaitingApproval: boolean;

  @Field(() => ID, { nullable: true, description: 'Den administrator, der inviterede; tom for brugere oprettet af driften (npm run setup) eller før invitationer skulle godkendes.' })
  invitedById: string | null;

  @Field(() => String, { nullable: true, description: 'Navnet på den administrator, der inviterede.' })
  invitedByName: string | null;

  @Field(() => String, { nullable: true, description: 'Navnet på den administrator, der godkendte invitationen.' })
  approvedByName: string | null;

  @Field(() => Date, { nullable: true, description: 'Invitationen godkendt.' })
  approvedAt: Date | null;

  @Field(() => StaffPendingChange, { nullable: true, description: 'En ændring af rolle og enhed, der venter på en anden administrators godkendelse; tom, når ingen venter. Kun for en medarbejder, der har logget ind: før første login gælder en ændring straks, og invitationen skal godkendes igen.' })
  pendingChange: StaffPendingChange | null;

  @Field(() => Date, { nullable: true, description: 'Senest genaktiveret (fra administrationsloggen); tomt, hvis medarbejderen aldrig er genaktiveret. Er det efter første login, er medarbejderen aktiv igen siden da.' })
  reactivatedAt: Date | null;

  @Field(() => Int, { description: 'Antal igangværende forløb, medarbejderen koordinerer (kun tallet): ved en deaktivering overtager en sagsbehandler på teamet.' })
  coordinatedProgrammes: number;

  @Field(() => Int, { description: 'Antal mentorbevillinger, der løber nu med medarbejderen som mentor (kun tallet).' })
  activeMentorGrants: number;

  @Field(() => Int, { description: 'Version: moves with every change of what the administrator sees here (also the first login). A change sends the version it was made on.' })
  version: number;
}


/** A role and the unit that goes with it: the part of an invitation that a change can change. */
@InputType({ description: 'Rolle og enhed.' })
abstract class StaffPlacementInput {
  @Field(() => Role, { description: 'Rolle.' })
  @IsEnum(Role, { message: 'Ukendt rolle.' })
  role: Role;

  @Field(() => ID, { nullable: true, description: 'Enhed: kræves for sagsbehandlere, valgfri for ledere, ingen for mentorer og administratorer.' })
  @IsOptional()
  @IsUUID('all', { message: 'Ukendt enhed.' })
  unitId?: string | null;
}

@InputType({ description: 'Invitér en medarbejder pr. e-mail eller pr. identitetsudbyderens subject (mindst én af dem).' })
export class InviteStaffInput extends StaffPlacementInput {
  @Field({ description: 'Navn.' })
  @IsFilledText(200, 'Skriv et navn (højst 200 tegn).')
  name: string;

  @Field(() => String, { nullable: true, description: 'E-mail; bindes til brugerens subject ved første login.' })
  @IsOptional()
  @IsEmailAddress('Skriv en gyldig e-mailadresse.')
  @MaxChars(320, { trimmed: true, message: 'E-mailadressen må højst være 320 tegn.' })
  email?: string | null;

  @Field(() => String, { nullable: true, description: 'Identitetsudbyderens subject (når e-mail ikke bruges).' })
  @IsOptional()
  @MaxChars(255, { trimmed: true, message: 'Login-id må højst være 255 tegn.' })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: 'Arbejdstelefon, fx "72 53 10 00".' })
  @IsOptional()
  @IsPhone()
  phone?: string | null;
}

@InputType({ description: 'Skift en medarbejders arbejdstelefon (tom: intet nummer).' })
export class ChangeStaffPhoneInput {
  @Field(() => ID)
  userId: string;

  @ExpectedVersionField('medarbejderen')
  expectedVersion: number;

  @Field(() => String, { nullable: true, description: 'Arbejdstelefon, fx "72 53 10 00".' })
  @IsOptional()
  @IsPhone()
  phone?: string | null;
}

@InputType({ description: 'Ret en medarbejders navn, fx en stavefejl fra invitationen.' })
export class RenameStaffInput {
  @Field(() => ID)
  userId: string;

  @ExpectedVersionField('medarbejderen')
  expectedVersion: number;

  @Field({ description: 'Navn.' })
  @IsFilledText(200, 'Skriv et navn (højst 200 tegn).')
  name: string;
}

@InputType({ description: 'Skift en medarbejders rolle og enhed.' })
export class ChangeStaffInput extends StaffPlacementInput {
  @Field(() => ID)
  userId: string;

  @ExpectedVersionField('medarbejderen')
  expectedVersion: number;
}

/** A deactivation, reactivation or approval: whom, and the version the administrator confirmed it on. */
@ArgsType()
export class StaffVersionArgs {
  @Field(() => ID)
  userId: string;

  @ExpectedVersionField('medarbejderen')
  expectedVersion: number;
}

/** A deactivation: also what the question said it leaves behind, when the administrator was told. */
@ArgsType()
export class DeactivateStaffArgs extends StaffVersionArgs {
  @Field(() => Int, { nullable: true, description: 'Antal igangværende forløb, medarbejderen koordinerer, som spørgsmålet viste (coordinatedProgrammes).' })
  @IsOptional()
  @Min(0)
  seenCoordinatedProgrammes?: number | null;

  @Field(() => Int, { nullable: true, description: 'Antal løbende mentorbevillinger, som spørgsmålet viste (activeMentorGrants).' })
  @IsOptional()
  @Min(0)
  seenActiveMentorGrants?: number | null;
}

/**
 * A reactivation: also how many running mentor grants the question said come back with the
 * person (each gives them a citizen again). Required while any run; left out, none was told.
 */
@ArgsType()
export class ReactivateStaffArgs extends StaffVersionArgs {
  @Field(() => Int, { nullable: true, description: 'Antal løbende mentorbevillinger, som spørgsmålet viste (activeMentorGrants): kræves, når der løber nogen, for de giver medarbejderen adgang til borgerne igen. Flere nu end vist afvises (CONFLICT).' })
  @IsOptional()
  @Min(0)
  seenActiveMentorGrants?: number | null;
}
