import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConsentBasis, ConsentRecipientKind, ConsentScope } from '../consent';
import { InterventionStatus } from '../intervention';
import { MeetingStatus } from '../meeting';
import { Area, GoalKind, MeetingMode, ProgrammeType, ProgressScale, SubGoalStatus } from '../plan';

/*
 * The citizen's own plan, as the citizen reads it ("Min plan"): separate, small types
 * holding what the plan says to and about them and whom to ask. Staff-internal fields
 * (notes, legal basis, the units' health and social details, the access log, warnings)
 * are not in these types at all. Every field here is on the allow-list in
 * citizen.allow-list.ts, and a test fails on a field that is not.
 */

@ObjectType({ description: 'Hvem borgeren kan kontakte: navn, forvaltning, mail og telefon.' })
export class CitizenContact {
  @Field({ description: 'Navn.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'Forvaltning.' })
  unitName: string | null;

  @Field(() => String, { nullable: true, description: 'Mail.' })
  email: string | null;

  @Field(() => String, { nullable: true, description: 'Telefon.' })
  phone: string | null;

  @Field({ description: 'Kontakten er planens koordinerende sagsbehandler: også når ingen sagsbehandler er nævnt på indsatsen eller samtalen nu, og koordinatoren derfor er den, man spørger.' })
  isCoordinator: boolean;
}

@ObjectType({ description: 'En måling af fremskridt på et delmål.' })
export class CitizenProgress {
  @Field({ description: 'Målt den (YYYY-MM-DD).' })
  measuredOn: string;

  @Field(() => ProgressScale, { description: 'Skala.' })
  scale: ProgressScale;

  @Field(() => Int, { description: 'Værdi (1–5 eller 0–100).' })
  value: number;
}

@ObjectType({ description: 'Et delmål i borgerens plan, med fremskridtet over tid.' })
export class CitizenSubGoal {
  @Field(() => ID)
  id: string;

  @Field(() => Area, { description: 'Indsatsområde.' })
  area: Area;

  @Field({ description: 'Delmålet.' })
  text: string;

  @Field(() => SubGoalStatus, { description: 'Status.' })
  status: SubGoalStatus;

  @Field(() => [CitizenProgress], { nullable: true, description: 'Fremskridt, ældste måling først.' })
  progress: CitizenProgress[] | null;
}

@ObjectType({ description: 'En indsats i borgerens plan: hvad den er, hvad den støtter, hvornår, og hvem man kontakter.' })
export class CitizenIntervention {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Titel.' })
  title: string;

  @Field({ description: 'Indsatstype.' })
  kindLabel: string;

  @Field({ description: 'Kortsigtet mål.' })
  shortTermGoal: string;

  @Field(() => InterventionStatus, { description: 'Status.' })
  status: InterventionStatus;

  @Field(() => String, { nullable: true, description: 'Startdato.' })
  startDate: string | null;

  @Field(() => String, { nullable: true, description: 'Slutdato.' })
  endDate: string | null;

  @Field(() => String, { nullable: true, description: 'Forvaltningen, der leverer indsatsen.' })
  unitName: string | null;

  @Field(() => [ID], { nullable: true, description: 'De delmål, indsatsen støtter.' })
  supports: string[] | null;

  @Field(() => CitizenContact, { nullable: true, description: 'Ansvarlig sagsbehandler.' })
  contact: CitizenContact | null;
}

@ObjectType({ description: 'En kommende samtale: tid, sted, deltagere, dagsorden og kontakt.' })
export class CitizenMeeting {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Starter.' })
  startsAt: Date;

  @Field({ description: 'Slutter.' })
  endsAt: Date;

  @Field(() => MeetingMode, { description: 'Form.' })
  mode: MeetingMode;

  @Field(() => String, { nullable: true, description: 'Sted (adresse).' })
  place: string | null;

  @Field(() => String, { nullable: true, description: 'Link til videosamtalen.' })
  videoLink: string | null;

  @Field(() => MeetingStatus, { description: 'Status.' })
  status: MeetingStatus;

  @Field(() => Int, { description: 'Version: en flyttet samtale erstatter den i kalenderen.' })
  version: number;

  @Field({ description: 'Dagsorden.' })
  agenda: string;

  @Field(() => [String], { nullable: true, description: 'Deltagere.' })
  participants: string[] | null;

  @Field(() => CitizenContact, { nullable: true, description: 'Kontakt om samtalen.' })
  contact: CitizenContact | null;
}

/**
 * A step planned in the citizen's plan, from today on ("Kommende aftaler"): what it is, when,
 * where, and which unit it is with, so the citizen knows when the next thing with them is, where
 * to go and whom to ask. Not its notes, who in the unit is responsible, nor whether it is shared
 * with the mentor: the staff's working details. The consent register does not cut it: it cuts
 * what one unit sees of another's work, not the citizen's view of their own plan (docs/domain.md,
 * rule 15). So the place, which another unit's staff may be kept from as a detail
 * (consent-cut.ts), is always the citizen's to read: it is where their own appointment is.
 */
@ObjectType({ description: 'En kommende aftale i borgerens plan (en planlagt aktivitet): hvad, hvornår, hvor og med hvilken forvaltning.' })
export class CitizenActivity {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Titel.' })
  title: string;

  @Field({ description: 'Tidspunkt.' })
  dueAt: Date;

  @Field(() => String, { nullable: true, description: 'Sted (fx adresse eller lokale); tom, når intet sted er angivet.' })
  place: string | null;

  @Field(() => String, { nullable: true, description: 'Forvaltningen, aftalen er med (den, der leverer indsatsen).' })
  unitName: string | null;
}

@ObjectType({ description: 'Mentorstøtte: hvem mentoren er, og i hvilken periode.' })
export class CitizenMentorSupport {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: 'Mentor.' })
  mentorName: string | null;

  @Field({ description: 'Startdato.' })
  startDate: string;

  @Field({ description: 'Slutdato.' })
  endDate: string;
}

/**
 * One entry of the citizen's own register of consent and legal basis: what they share, with
 * whom, on which basis, and when it was given and withdrawn — so the citizen knows what they
 * agreed to and can ask to withdraw it (the General Data Protection Regulation, articles 7(3)
 * and 13). Not the staff's note, the reason for a withdrawal, nor who recorded it.
 */
@ObjectType({ description: 'Et samtykke eller en hjemmel i borgerens register, som borgeren ser det: hvad der deles, med hvem, på hvilket grundlag, givet og evt. tilbagekaldt hvornår.' })
export class CitizenConsent {
  @Field(() => ID)
  id: string;

  @Field(() => ConsentScope, { description: 'Hvad der deles.' })
  scope: ConsentScope;

  @Field(() => ConsentRecipientKind, { description: 'Hvem der deles med.' })
  recipientKind: ConsentRecipientKind;

  @Field(() => String, { nullable: true, description: 'Personens navn (netværksperson).' })
  recipientName: string | null;

  @Field(() => String, { nullable: true, description: 'Personens relation til borgeren (netværksperson).' })
  recipientRelation: string | null;

  @Field(() => String, { nullable: true, description: 'Forvaltningen, der deles med (når der deles med én forvaltning).' })
  recipientUnitName: string | null;

  @Field(() => String, { nullable: true, description: 'Den ene mentor, borgeren har sagt ja til at dele med (tom: borgerens mentor, hvem det end er).' })
  recipientMentorName: string | null;

  @Field(() => ConsentBasis, { description: 'Grundlag: borgerens samtykke eller en hjemmel.' })
  basis: ConsentBasis;

  @Field(() => String, { nullable: true, description: 'Hjemlen (kun for hjemmel), fx "Retssikkerhedsloven §11 c".' })
  legalReference: string | null;

  @Field({ description: 'Givet den (YYYY-MM-DD).' })
  givenOn: string;

  @Field(() => String, { nullable: true, description: 'Tilbagekaldt den (YYYY-MM-DD, dansk tid); tom, mens det gælder.' })
  withdrawnOn: string | null;

  @Field({ description: 'Gælder stadig.' })
  active: boolean;
}

/**
 * The forløb the plan belongs to, as the citizen reads it: what kind it is and from when until
 * when, and whether it is a kind that can no longer begin though theirs goes on under the rules
 * that granted it (a ressourceforløb decided before 1 February 2026, lov nr. 1750 af 29.
 * december 2025). A citizen who hears that ressourceforløb are abolished can see that theirs
 * runs to its end. Not the decision date, the law version, the team meeting nor anything else
 * the staff keep on the programme.
 */
@ObjectType({ description: 'Mit forløb: hvilken slags forløb, fra hvornår og til hvornår.' })
export class CitizenProgramme {
  @Field(() => ProgrammeType, { description: 'Forløbstype.' })
  type: ProgrammeType;

  @Field({ description: 'Forløbets første dag (YYYY-MM-DD).' })
  startDate: string;

  @Field({ description: 'Forløbets sidste dag (YYYY-MM-DD).' })
  endDate: string;

  @Field({
    description: 'Forløbstypen kan ikke længere bevilges efter de regler, der gælder i dag, men dette forløb fortsætter efter de regler, det blev bevilget efter, til det slutter (et ressourceforløb besluttet før 1. februar 2026: overgangsreglen i lov nr. 1750 af 29. december 2025).',
  })
  continuesUnderTransitionRule: boolean;
}

@ObjectType({ description: 'Min plan: borgerens egen plan på tværs af forvaltningerne.' })
export class CitizenPlan {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Beskæftigelses- eller uddannelsesmål.' })
  employmentGoal: string;

  @Field(() => GoalKind, { nullable: true, description: 'Måltype.' })
  goalKind: GoalKind | null;

  @Field(() => CitizenProgramme, { description: 'Mit forløb, som planen hører til: type, start og slut. Planperioden kan være kortere end forløbet.' })
  programme: CitizenProgramme;

  @Field({ description: 'Planperiodens start.' })
  periodStart: string;

  @Field({ description: 'Planperiodens slut.' })
  periodEnd: string;

  @Field(() => CitizenContact, { nullable: true, description: 'Koordinerende sagsbehandler.' })
  coordinator: CitizenContact | null;

  @Field(() => CitizenContact, { nullable: true, description: 'Din personlige jobformidler i jobcenteret (ressourceforløb, LAB §113 a); tom, når du ikke har en, eller når medarbejderens konto er deaktiveret.' })
  jobFacilitator: CitizenContact | null;

  @Field(() => [CitizenSubGoal], { nullable: true, description: 'Delmål.' })
  subGoals: CitizenSubGoal[] | null;

  @Field(() => [CitizenIntervention], { nullable: true, description: 'Indsatser.' })
  interventions: CitizenIntervention[] | null;

  @Field(() => [CitizenMeeting], { nullable: true, description: 'Kommende samtaler, den næste først.' })
  meetings: CitizenMeeting[] | null;

  @Field(() => [CitizenActivity], { nullable: true, description: 'Kommende aftaler: de planlagte aktiviteter fra i dag, den næste først.' })
  activities: CitizenActivity[] | null;

  @Field(() => [CitizenMentorSupport], { nullable: true, description: 'Mentorstøtte.' })
  mentorSupport: CitizenMentorSupport[] | null;

  @Field(() => [CitizenConsent], { nullable: true, description: 'Samtykke og hjemmel: hvad borgeren deler, med hvem og på hvilket grundlag, gældende først.' })
  consents: CitizenConsent[] | null;

  @Field(() => Date, {
    nullable: true,
    description: 'Næste samtale, som den seneste samtale aftalte, så længe ingen samtale er booket med sted og form (så er den bookede den næste, i meetings).',
  })
  agreedNextMeetingAt: Date | null;

  @Field(() => String, {
    nullable: true,
    description: '"Nyt i din plan": løbenummeret på den seneste ændring, jeg har set (markMyPlanChangesSeen), det samme på telefon og computer. Tom: aldrig markeret.',
  })
  changesSeenUpTo: string | null;
}

/*
 * After the end, the citizen is told only that it ended, when, and whom to ask: why it ended,
 * what follows and the ended plan itself are not in this type.
 */
@ObjectType({ description: 'Mit afsluttede forløb: når intet forløb er i gang, det seneste: den dag, det sluttede, og hvem jeg kan spørge.' })
export class CitizenEndedProgramme {
  @Field({ description: 'Den dag, forløbet sluttede (YYYY-MM-DD); for et forløb stoppet, før det begyndte, dets første dag.' })
  endDate: string;

  @Field({ description: 'Forløbet blev stoppet, før det begyndte: det har ikke kørt.' })
  stoppedBeforeStart: boolean;

  @Field(() => CitizenContact, { nullable: true, description: 'Forløbets koordinerende sagsbehandler, som borgeren kan spørge; tom, når koordinatorens konto er deaktiveret.' })
  coordinator: CitizenContact | null;
}
