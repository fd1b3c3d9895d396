import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { UnitKind } from '../org/org.enums';
import type { InterventionStatus } from './intervention.enums';

/**
 * The stored intervention. Fields every unit shares are columns; each unit module's own
 * facts live in `details`, validated by that module's input classes, so a unit adds
 * kinds and fields without touching another unit's code or table.
 */
@Entity({ name: 'intervention' })
export class InterventionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'municipality_id', type: 'uuid' })
  municipalityId: string;

  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'unit_id', type: 'uuid' })
  unitId: string;

  @Column({ name: 'unit_kind', type: 'text' })
  unitKind: UnitKind;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'short_term_goal', type: 'text' })
  shortTermGoal: string;

  @Column({ type: 'text' })
  status: InterventionStatus;

  @Column({ name: 'start_date', type: 'date', nullable: true })
  startDate: string | null;

  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'text' })
  notes: string;

  /** The day (in Denmark) it was set to Sat på pause, while it is: the key figures' ordinary hours end there. */
  @Column({ name: 'paused_on', type: 'date', nullable: true })
  pausedOn: string | null;

  /** Why it was set to Afsluttet or Annulleret; only while it is (intervention.service.ts). */
  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  /**
   * The samtale with the sundhedskoordinator about this offer (LAB §113, stk. 3; jobcenter's
   * health-talk.service.ts): the day the citizen asked for it, whether the offer had not begun
   * then (the hold applies only so), and the jobcenter's decision whether the offer is adjusted.
   */
  @Column({ name: 'health_talk_asked_on', type: 'date', nullable: true })
  healthTalkAskedOn: string | null;

  @Column({ name: 'health_talk_before_start', type: 'boolean', nullable: true })
  healthTalkBeforeStart: boolean | null;

  @Column({ name: 'health_talk_decided_on', type: 'date', nullable: true })
  healthTalkDecidedOn: string | null;

  @Column({ name: 'health_talk_outcome', type: 'text', nullable: true })
  healthTalkOutcome: string | null;

  @Column({ name: 'health_talk_decision_note', type: 'text', nullable: true })
  healthTalkDecisionNote: string | null;

  @Column({ type: 'int' })
  version: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedById: string | null;
}
