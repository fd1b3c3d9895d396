import { ArgsType, Field, ID, Int, ObjectType } from 'type-graphql';
import { PlanEvent } from './plan-event.type';

export const HISTORY_PAGE_MAX = 100;
export const HISTORY_PAGE_DEFAULT = 20;

@ArgsType()
export class PlanHistoryArgs {
  @Field(() => ID)
  planId: string;

  @Field(() => ID, { nullable: true, description: 'Kun hændelser om denne post (en indsats, aktivitet, et delmål eller planen selv).' })
  recordId?: string | null;

  // Checked in the service (1–100), so the message and code are the house's own.
  @Field(() => Int, { nullable: true, defaultValue: HISTORY_PAGE_DEFAULT, description: 'Antal hændelser (1–100).' })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'olderCursor fra forrige side.' })
  before?: string | null;
}

@ObjectType({ description: 'En side af planens historik, nyeste først.' })
export class PlanHistoryPage {
  @Field(() => [PlanEvent], { description: 'Hændelserne, nyeste først.' })
  items: PlanEvent[];

  @Field(() => String, { nullable: true, description: 'Giv den som before for at hente ældre ("Vis ældre"); tom, når der ikke er mere.' })
  olderCursor: string | null;
}
