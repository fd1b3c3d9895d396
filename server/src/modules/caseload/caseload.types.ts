import { Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { UnitKind } from '../org';
import { Plan, ProgrammeStatus, ProgrammeType } from '../plan';
import { WarningSeverity } from '../rules';

/** How Mine sager is ordered; every order ends with the citizen's name and the plan's id, so it is total and a cursor is stable. */
export enum CaseloadSort {
  NAME = 'NAME',
  NEXT_MEETING = 'NEXT_MEETING',
  WARNING_LEVEL = 'WARNING_LEVEL',
  LAST_CHANGE = 'LAST_CHANGE',
}

registerEnumType(CaseloadSort, {
  name: 'CaseloadSort',
  description: 'Sortering af Mine sager. Ved lighed sorteres efter borgerens navn og derefter planens id.',
  valuesConfig: {
    NAME: { description: 'Borgerens navn (A–Å).' },
    NEXT_MEETING: { description: 'Næste samtale, nærmeste først: den bookede, ellers den aftalt ved seneste samtale; sager uden aftalt samtale sidst.' },
    WARNING_LEVEL: {
      description:
        'Advarsler først: overskredet, så handl nu, så info, så ingen. Niveauet er det senest registrerede (ved hver ændring af planen og ved den daglige gennemgang).',
    },
    LAST_CHANGE: { description: 'Senest ændret først: den nyeste ændring på planen (en samtale, et delmål, en indsats, en aktivitet, en mentorbevilling …).' },
  },
});

@InputType({ description: 'Søgning og filtre for Mine sager. Alle angivne betingelser skal være opfyldt.' })
export class CaseloadFilter {
  @Field(() => String, { nullable: true, description: 'Søg i borgerens navn (hvert ord skal indgå i navnet, i vilkårlig rækkefølge, uden forskel på store og små bogstaver) eller på det præcise CPR-nummer (med eller uden bindestreg). Højst 100 tegn.' })
  search?: string | null;

  @Field(() => UnitKind, { nullable: true, description: 'Kun sager, hvor denne forvaltning er på teamet.' })
  unit?: UnitKind | null;

  @Field(() => ProgrammeType, { nullable: true, description: 'Kun denne forløbstype.' })
  programmeType?: ProgrammeType | null;

  @Field(() => WarningSeverity, {
    nullable: true,
    description: 'Kun sager med advarsler af mindst denne alvor (INFO: alle med advarsler; WARNING: handl nu eller overskredet; OVERDUE: kun overskredet). Senest registrerede niveau, som ved sorteringen WARNING_LEVEL.',
  })
  warningLevel?: WarningSeverity | null;

  @Field(() => ProgrammeStatus, { nullable: true, description: 'Kun forløb med denne status: igangværende (ACTIVE) eller afsluttede (ENDED).' })
  status?: ProgrammeStatus | null;
}

@ObjectType({
  description:
    'En side af Mine sager. Hent næste side med after: nextCursor (samme filter og sortering). nextCursor er tom på sidste side. ' +
    'Hver borger på siden skrives i sin adgangslog (kanal CASELOAD); borgere, der ikke er på siden, gør ikke.',
})
export class CaseloadPage {
  @Field(() => [Plan], { description: 'Sagerne (planerne) på denne side, i den valgte rækkefølge.' })
  items: Plan[];

  @Field(() => String, { nullable: true, description: 'Uigennemsigtig markør for næste side (til after), eller tom når der ikke er flere.' })
  nextCursor: string | null;

  @Field(() => Int, { description: 'Antal sager i alt, der passer til søgning og filtre (alle sider).' })
  totalCount: number;
}
