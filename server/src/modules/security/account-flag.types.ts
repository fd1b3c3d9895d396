import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Role } from '../org/org.enums';

@ObjectType({ description: 'Afvist adgang: one DENIED row of the audit log.' })
export class AccountDenial {
  @Field({ description: 'Tidspunkt.' })
  at: Date;

  @Field({ description: 'Handling, e.g. READ_PLAN, UPDATE_INTERVENTION.' })
  action: string;

  @Field({ description: 'Hvad (posttype).' })
  entityType: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Postens id, kun hvor lederen alligevel må se posten: en medarbejder, en åben enhed eller en markering i egen kommune, kommunen selv; for en funktion eller et felt dets navn i API\'et (fx "Query.keyFigures"). Tom for poster i borgeres planer (planer, forløb, indsatser, aktiviteter, delmål m.m.), for alt i andre kommuner og for afvisninger uden post: recordNumber siger, om det var samme post.',
  })
  entityId: string | null;

  @Field(() => String, { nullable: true, description: 'Hvorfor afvist.' })
  detail: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'For en afvist funktion (posttype OPERATION): funktionens navn på dansk efter API\'ets egen beskrivelse, med navnet i API\'et, fx "Administrationsloggen (administrationLog)".',
  })
  operation: string | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'Hvilken post af samme slags blandt de viste afvisninger (1, 2, …, i den rækkefølge de først blev forsøgt): samme nummer er samme post, så lederen ser, om det var den samme plan igen eller mange forskellige, uden at posten eller borgeren nævnes. Tom for en funktion og for afvisninger uden post.',
  })
  recordNumber: number | null;

  @Field(() => Int, {
    description:
      'Hvilket afvist forsøg afvisningen hørte til (1, 2, …, blandt de viste, i den rækkefølge de blev forsøgt), som markeringen tæller dem: samme nummer er ét forsøg, fx planen og dens historik, som siden hentede ved samme klik.',
  })
  attempt: number;
}

@ObjectType({
  description:
    'Konto til gennemsyn: a user with three or more denied attempts within 24 hours (the reads one click sends, refused together, are one attempt). Derived from the audit log, which stays the record.',
})
export class AccountReviewFlag {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: 'Brugerens id.' })
  userId: string;

  @Field({ description: 'Brugernavn.' })
  username: string;

  @Field({ description: 'Navn.' })
  name: string;

  @Field(() => Role, { description: 'Rolle.' })
  role: Role;

  @Field(() => String, { nullable: true, description: 'Forvaltning.' })
  unitName: string | null;

  @Field({ description: 'Markeret.' })
  flaggedAt: Date;

  @Field(() => Int, { description: 'Afviste forsøg i perioden (mindst 3): afvisninger af samme post inden for få sekunder ved forskellige handlinger (fx planen og dens historik ved samme klik) er ét forsøg.' })
  denials: number;

  @Field({ description: 'Første afviste forsøg i perioden.' })
  firstDeniedAt: Date;

  @Field({ description: 'Seneste afviste forsøg.' })
  lastDeniedAt: Date;

  @Field(() => Date, { nullable: true, description: 'Afsluttet (gennemset).' })
  resolvedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Gennemset af (navn).' })
  resolvedByName: string | null;

  @Field(() => String, { nullable: true, description: 'Lederens bemærkning ved gennemsyn.' })
  resolution: string | null;

  @Field(() => [AccountDenial], { description: 'Afvisningerne bag markeringen (højst 50, nyeste først), fra adgangsloggen: hver afvist læsning eller handling for sig, med det forsøg, den hørte til (attempt).' })
  recentDenials: AccountDenial[];

  @Field({ description: 'Markeringen er læserens egen: en anden leder skal gennemse den.' })
  mine: boolean;
}
