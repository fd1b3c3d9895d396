import { Arg, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { Access, STAFF } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { Citizen } from './citizen.entity';
import { RegisterCitizenInput, UpdateCitizenContactInput } from './citizen.inputs';
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
}
