import { FieldResolver, Resolver, Root } from 'type-graphql';
import { Activity, Intervention, registeredUnitModules } from '../intervention';
import { CoordinatorAssignment, FollowUpMeeting, Plan, Programme, SubGoal, SubGoalProgress } from '../plan';
import { PlanEvent } from './plan-event.type';

/**
 * The changed record as a typed field, so a client selects it with fragments and its cache
 * (keyed by __typename and id) is updated without a refetch. Each is set only when the
 * event is about that kind of record; the values come from the event's payload, which the
 * writing service filled with the record as the API shows it (plan-write.ts).
 */
function entityOf(e: PlanEvent, typenames: readonly string[]): never | null {
  const entity = e.payload.entity;
  return entity && typenames.includes(entity.__typename as string) ? (entity as never) : null;
}

@Resolver(() => PlanEvent)
export class PlanEventEntityResolver {
  @FieldResolver(() => Intervention, { nullable: true, description: 'Indsatsen, når hændelsen ændrede en indsats (INTERVENTION_*).' })
  intervention(@Root() e: PlanEvent): Intervention | null {
    // The unit modules name their own types; a new unit needs no change here.
    return entityOf(e, registeredUnitModules().map((m) => m.typeName));
  }

  @FieldResolver(() => Activity, { nullable: true, description: 'Aktiviteten, når hændelsen ændrede en aktivitet.' })
  activity(@Root() e: PlanEvent): Activity | null {
    return entityOf(e, ['Activity']);
  }

  @FieldResolver(() => SubGoal, { nullable: true, description: 'Delmålet, når hændelsen ændrede et delmål.' })
  subGoal(@Root() e: PlanEvent): SubGoal | null {
    return entityOf(e, ['SubGoal']);
  }

  @FieldResolver(() => SubGoalProgress, { nullable: true, description: 'Progressionsmålingen, når hændelsen registrerede en.' })
  subGoalProgress(@Root() e: PlanEvent): SubGoalProgress | null {
    return entityOf(e, ['SubGoalProgress']);
  }

  @FieldResolver(() => FollowUpMeeting, { nullable: true, description: 'Opfølgningssamtalen, når hændelsen registrerede en.' })
  followUpMeeting(@Root() e: PlanEvent): FollowUpMeeting | null {
    return entityOf(e, ['FollowUpMeeting']);
  }

  @FieldResolver(() => CoordinatorAssignment, { nullable: true, description: 'Den nye koordinatortildeling (COORDINATOR_ASSIGNED).' })
  coordinatorAssignment(@Root() e: PlanEvent): CoordinatorAssignment | null {
    return entityOf(e, ['CoordinatorAssignment']);
  }

  @FieldResolver(() => Plan, { nullable: true, description: 'Planen selv, når hændelsen ændrede den (PLAN_UPDATED, TEAM_CHANGED); ellers null.' })
  plan(@Root() e: PlanEvent): Plan | null {
    return entityOf(e, ['Plan']);
  }

  @FieldResolver(() => Programme, { nullable: true, description: 'Forløbet, når hændelsen ændrede det (PROGRAMME_*).' })
  programme(@Root() e: PlanEvent): Programme | null {
    return entityOf(e, ['Programme']);
  }
}
