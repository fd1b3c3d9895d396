import { Field, ID, InterfaceType, ObjectType } from 'type-graphql';

/**
 * One item of the caseload stream (`caseloadEvents`): a change in one of the subscriber's
 * plans (PlanEvent), or word that a plan has left their list (PlanLeftCaseload). Both have a
 * place in the stream's order: `seq` is what a client passes as `afterSeq` to go on after it.
 */
@InterfaceType({
  description: 'Ét punkt i strømmen af ændringer i mine sager: en ændring i en plan (PlanEvent), eller at en plan ikke længere er på min liste (PlanLeftCaseload).',
  // A notice is made as this class by the stream (live-stream.ts); every other item is a stored event.
  resolveType: (item: unknown) => (item instanceof PlanLeftCaseload ? 'PlanLeftCaseload' : 'PlanEvent'),
})
export abstract class CaseloadEvent {
  @Field({ description: 'Løbenummer (et heltal som tekst): giv det sidst sete som afterSeq ved genopkobling.' })
  seq: string;

  @Field(() => ID, { description: 'Planen.' })
  planId: string;
}

/**
 * The change at `seq` took the plan from the subscriber (their unit taken off the team, or
 * they handed the coordinatorship on and their unit is not on the team): the plan leaves
 * their list. It says which plan (its id, which they had) and where in the stream, nothing
 * of the change: not what it was, who made it, when, or who holds the plan now. Not a read
 * of the citizen's data, so not in the access log (docs/live-collaboration.md).
 */
@ObjectType({
  implements: CaseloadEvent,
  description: 'En plan er ikke længere på min liste: en ændring har taget den fra mig. Kun planens id og løbenummeret, intet om ændringen.',
})
export class PlanLeftCaseload implements CaseloadEvent {
  @Field({ description: 'Løbenummeret på ændringen, der tog planen; giv det som afterSeq ved genopkobling.' })
  seq: string;

  @Field(() => ID, { description: 'Planen, der ikke længere er på listen.' })
  planId: string;

  constructor(seq: string, planId: string) {
    this.seq = seq;
    this.planId = planId;
  }
}
