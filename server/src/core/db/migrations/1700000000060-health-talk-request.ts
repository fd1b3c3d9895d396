import { MigrationInterface, QueryRunner } from 'typeorm';
import { FACTS } from './1700000000037-health-talk-guidance';

/**
 * The citizen in a ressourceforløb under the 2022 rules who finds that an employment offer does
 * not take enough account of their health has the right to a samtale with the region's
 * sundhedskoordinator and the coordinating caseworker; asked for before the offer has begun, the
 * offer is not begun until the jobcenter has decided whether it is adjusted (LAB §113, stk. 3).
 * The intervention (the offer) keeps:
 *
 * - `health_talk_asked_on`, the day the citizen asked for the samtale about this offer, and
 *   `health_talk_before_start`, whether the offer had not begun then (it was Planlagt
 *   when the request was recorded): only then does the hold apply;
 * - `health_talk_decided_on` and `health_talk_outcome` (ADJUSTED "Tilbuddet tilpasses",
 *   MAINTAINED "Tilbuddet fastholdes"), the jobcenter's decision, with an optional note
 *   (`health_talk_decision_note`).
 *
 * The table holds them together: a request has its day and its "before the start"; a decision
 * has its day and outcome and follows a request; a note belongs to a decision. The warning rules
 * read the request and the decision (HEALTH_TALK_DECISION), so `programme_warning_facts` is made
 * again with them in each intervention's facts. No row has a request yet: nothing to fill in.
 */
export class HealthTalkRequest1700000000060 implements MigrationInterface {
  name = 'HealthTalkRequest1700000000060';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE intervention
        ADD COLUMN health_talk_asked_on date,
        ADD COLUMN health_talk_before_start boolean,
        ADD COLUMN health_talk_decided_on date,
        ADD COLUMN health_talk_outcome text,
        ADD COLUMN health_talk_decision_note text;
      ALTER TABLE intervention ADD CONSTRAINT intervention_health_talk_check CHECK (
        (health_talk_asked_on IS NULL) = (health_talk_before_start IS NULL)
        AND (health_talk_decided_on IS NULL) = (health_talk_outcome IS NULL)
        AND (health_talk_decided_on IS NULL OR health_talk_asked_on IS NOT NULL)
        AND (health_talk_outcome IS NULL OR health_talk_outcome IN ('ADJUSTED', 'MAINTAINED'))
        AND (health_talk_decision_note IS NULL OR health_talk_decided_on IS NOT NULL));
    `);
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'stopped-mark', true, true, true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION programme_warning_facts(uuid[])`);
    await q.query(FACTS(true, true, true, 'stopped-mark', true, true));
    await q.query(`
      ALTER TABLE intervention DROP CONSTRAINT intervention_health_talk_check;
      ALTER TABLE intervention DROP COLUMN health_talk_decision_note, DROP COLUMN health_talk_outcome, DROP COLUMN health_talk_decided_on,
        DROP COLUMN health_talk_before_start, DROP COLUMN health_talk_asked_on;
    `);
  }
}
