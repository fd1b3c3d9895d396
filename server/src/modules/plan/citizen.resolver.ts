import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Citizen } from './citizen.entity';
import { CitizenAccessInput, CorrectCitizenCprInput, RegisterCitizenInput, UpdateCitizenContactInput } from './citizen.inputs';
import { closeCitizenAccess, correctCitizenCpr, reopenCitizenAccess, signInOf, type CitizenSignInState } from './citizen-sign-in';
import { cprFor, registerCitizen, SEARCH_LIMIT, searchCitizens, updateCitizenContact, type CitizenHit } from './citizen.service';

@ObjectType({ description: 'Et fund i borgersøgningen.' })
export class CitizenSearchHit implements CitizenHit {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Navn.' })
  name: string;

  @Field(() => String, {
    nullable: true,
    description: 'CPR-nummer: helt for den koordinerende sagsbehandler og forvaltningerne på en af borgerens planer, og ved søgning på det præcise CPR-nummer; ellers kun fødselsdatodelen (DDMMÅÅ-****).',
  })
  cpr: string | null;

  @Field({ description: 'Fødselsdato (YYYY-MM-DD).' })
  birthDate: string;

  @Field({ description: 'Om borgeren har et igangværende forløb.' })
  hasActiveProgramme: boolean;
}

@ObjectType({ description: 'Borgerens log ind til Min plan (MitID), som medarbejderne på borgerens plan ser det: så et login bundet til en forkert person kan opdages.' })
export class CitizenSignIn implements CitizenSignInState {
  @Field(() => Date, {
    nullable: true,
    description: 'Hvornår borgeren loggede ind første gang med MitID, og log ind\'et blev bundet til borgeren ved CPR-nummeret. Tom: intet login er bundet.',
  })
  firstSignInAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'Hvornår den koordinerende sagsbehandler lukkede borgerens adgang; tom: adgangen er ikke lukket. Mens den er lukket, bindes intet log ind til borgeren.' })
  closedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Hvem der lukkede adgangen (navn).' })
  closedByName: string | null;
}

@Resolver(() => Citizen)
export class CitizenResolver {
  @Access(STAFF)
  @Mutation(() => Citizen, {
    description: 'Registrér en borger i egen kommune ved CPR-nummer; fødselsdatoen udledes af det. Et CPR-nummer, der allerede er registreret i kommunen, afvises med DUPLICATE_CITIZEN.',
  })
  registerCitizen(@Arg('input') input: RegisterCitizenInput, @Ctx() ctx: RequestContext): Promise<Citizen> {
    return registerCitizen(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Citizen, {
    description: 'Ret borgerens telefon og adresse (koordinatoren og forvaltningerne på borgerens plan). Versioneret: en ændring fra en anden imens giver CONFLICT med de nuværende oplysninger.',
  })
  updateCitizenContact(@Arg('input') input: UpdateCitizenContactInput, @Ctx() ctx: RequestContext): Promise<Citizen> {
    return updateCitizenContact(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Citizen, {
    description: 'Ret borgerens CPR-nummer, fx tastet forkert ved registreringen (den koordinerende sagsbehandler på borgerens igangværende forløb, med en begrundelse). Et login bundet gennem det gamle nummer lukkes med det samme. Et nummer, en anden borger i kommunen har, afvises med DUPLICATE_CITIZEN. Versioneret.',
  })
  correctCitizenCpr(@Arg('input') input: CorrectCitizenCprInput, @Ctx() ctx: RequestContext): Promise<Citizen> {
    return correctCitizenCpr(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Citizen, {
    description: 'Luk borgerens adgang til Min plan uden at rette CPR-nummeret (den koordinerende sagsbehandler, med en begrundelse): det bundne login lukkes med det samme, og intet log ind bindes til borgeren, før adgangen åbnes igen. Versioneret.',
  })
  closeCitizenAccess(@Arg('input') input: CitizenAccessInput, @Ctx() ctx: RequestContext): Promise<Citizen> {
    return closeCitizenAccess(ctx, input);
  }

  @Access(STAFF)
  @Mutation(() => Citizen, {
    description: 'Åbn borgerens lukkede adgang igen (den koordinerende sagsbehandler, med en begrundelse): borgerens næste log ind med MitID bindes ved CPR-nummeret. Versioneret.',
  })
  reopenCitizenAccess(@Arg('input') input: CitizenAccessInput, @Ctx() ctx: RequestContext): Promise<Citizen> {
    return reopenCitizenAccess(ctx, input);
  }

  @Access(STAFF)
  @Query(() => [CitizenSearchHit], {
    description: `Find borgere i egen kommune: på det præcise CPR-nummer (med eller uden bindestreg) eller på dele af navnet (mindst 2 tegn; hvert ord skal stå i navnet, i vilkårlig rækkefølge, uden forskel på store og små bogstaver). Højst ${SEARCH_LIMIT}. Hver søgning logges i borgerens adgangslog.`,
  })
  citizens(@Arg('search') search: string, @Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() ctx: RequestContext): Promise<CitizenHit[]> {
    return searchCitizens(ctx, search, first);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'CPR-nummer: helt for den koordinerende sagsbehandler og forvaltningerne på en af borgerens planer (og den der registrerede borgeren, indtil der er en plan); ellers DDMMÅÅ-****.',
  })
  cpr(@Root() citizen: Citizen, @Ctx() ctx: RequestContext): Promise<string | null> {
    return cprFor(ctx, citizen);
  }

  @FieldResolver(() => CitizenSignIn, {
    nullable: true,
    description: 'Borgerens log ind til Min plan: bundet siden hvornår, og om adgangen er lukket. Til dem, der ser hele CPR-nummeret (se cpr); ellers tom.',
  })
  signIn(@Root() citizen: Citizen, @Ctx() ctx: RequestContext): Promise<CitizenSignInState | null> {
    return signInOf(ctx, citizen);
  }
}
