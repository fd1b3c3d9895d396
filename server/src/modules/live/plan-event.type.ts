import { Field, ID, ObjectType } from 'type-graphql';
import { EventKind } from '../../core/events/event-kinds';
import type { FeedEvent } from '../../core/events/event-row';
import { CaseloadEvent } from './caseload-event.type';

/**
 * Hændelse: one committed change in a plan, pushed live. `seq` orders all events of all
 * plans; a client keeps the last one it saw and passes it as `afterSeq` when it
 * reconnects, to get exactly what it missed.
 */
@ObjectType({ implements: CaseloadEvent, description: 'Hændelse: én ændring i en plan, skubbet live. Sorteret efter seq.' })
export class PlanEvent implements FeedEvent, CaseloadEvent {
  @Field({ description: 'Løbenummer (et heltal som tekst): giv det sidst sete som afterSeq ved genopkobling.' })
  seq: string;

  @Field(() => EventKind, { description: 'Hændelsens art, e.g. INTERVENTION_UPDATED.' })
  kind: EventKind;

  @Field(() => ID, { description: 'Planen.' })
  planId: string;

  @Field({ description: 'Hvad der blev ændret, e.g. INTERVENTION, ACTIVITY, SUB_GOAL.' })
  entityType: string;

  @Field(() => ID, { description: 'Id på det ændrede.' })
  entityId: string;

  @Field({ description: 'Tidspunkt for ændringen.' })
  at: Date;

  /** Resolved by the live resolver (a mentor gets a neutral one). */
  summary: string;

  /** Not fields: resolved to `actor`, `unit`, `record`, `title`, `changes` and `overwrote`, or used for access checks. */
  municipalityId: string;
  actorId: string | null;
  unitId: string | null;
  payload: FeedEvent['payload'];
}
