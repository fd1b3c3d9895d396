import { OWN_PROGRAMME_LONGEST_MONTHS } from '@samplan/schema';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';
import { conflict, forbidden } from '../../core/errors/app-errors';
import type { EntityManager } from 'typeorm';
import { Role } from '../org/org.enums';

/**
 * The municipality's own settings for its cross-disciplinary forløb (HELHEDSORIENTERET):
 * after lov nr. 1750 af 29. december 2025, long cross-disciplinary efforts are each municipality's own responsibility, so
 * their length and follow-up cadence are the municipality's to set. None by default. A
 * leader sets them (an admin screen can come later). Without a longest length, a forløb is held
 * to the widest one a leader could set, and each prolongation states its reason
 * (programme-law.ts, checkLaterEnd).
 */
@ObjectType({ description: 'Kommunens egne rammer for helhedsorienterede forløb (tom: ingen ramme).' })
export class OwnProgrammeSettings {
  @Field(() => Int, { nullable: true, description: 'Længste varighed i måneder (slutdato til og med start + måneder − 1 dag).' })
  maxLengthMonths: number | null;

  @Field(() => Int, { nullable: true, description: 'Højst så mange dage mellem samtaler.' })
  followUpIntervalDays: number | null;

  @Field(() => Int, { description: 'Versionen (0: aldrig sat); sendes med en ændring, så to lederes ændringer ikke overskriver hinanden uset.' })
  version: number;
}

@InputType({ description: 'Kommunens egne rammer for helhedsorienterede forløb (kun leder). Tom fjerner rammen.' })
export class SetOwnProgrammeSettingsInput {
  // The widest frame there can be: a forløb where the municipality has set none is held to it (programme-law.ts, checkLength).
  @Field(() => Int, { nullable: true, description: `Længste varighed i måneder (1–${OWN_PROGRAMME_LONGEST_MONTHS}).` })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Varigheden skal være mindst 1 måned.' })
  @Max(OWN_PROGRAMME_LONGEST_MONTHS, { message: `Varigheden må højst være ${OWN_PROGRAMME_LONGEST_MONTHS} måneder.` })
  maxLengthMonths?: number | null;

  @Field(() => Int, { nullable: true, description: 'Højst så mange dage mellem samtaler (1–365).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Der skal være mindst 1 dag mellem samtaler.' })
  @Max(365, { message: 'Der må højst være 365 dage mellem samtaler.' })
  followUpIntervalDays?: number | null;

  @Field(() => Int, { description: 'Versionen, ændringen bygger på (som læst). En anden version: CONFLICT med rammerne, som de er nu.' })
  @IsInt()
  @Min(0, { message: 'Ukendt version.' })
  expectedVersion: number;
}

interface SettingsRow {
  own_programme_max_months: number | null;
  own_programme_follow_up_days: number | null;
  own_programme_settings_version: number;
}
const SETTINGS_COLUMNS = 'own_programme_max_months, own_programme_follow_up_days, own_programme_settings_version';

const toSettings = (r: SettingsRow | undefined) =>
  Object.assign(new OwnProgrammeSettings(), {
    maxLengthMonths: r?.own_programme_max_months ?? null,
    followUpIntervalDays: r?.own_programme_follow_up_days ?? null,
    version: r?.own_programme_settings_version ?? 0,
  });

export async function readOwnProgrammeSettings(ctx: RequestContext): Promise<OwnProgrammeSettings> {
  const [row] = await ctx.db.query(`SELECT ${SETTINGS_COLUMNS} FROM municipality WHERE id = $1`, [actorOf(ctx).municipalityId]);
  return toSettings(row);
}

/** What another module does when a municipality's own frames change, inside the change's transaction (the rules module records the warnings again). */
export type OwnProgrammeSettingsHook = (m: EntityManager, ctx: RequestContext, municipalityId: string) => Promise<void>;
const settingsHooks: OwnProgrammeSettingsHook[] = [];
export function onOwnProgrammeSettingsChanged(hook: OwnProgrammeSettingsHook): void {
  settingsHooks.push(hook);
}

/**
 * Sets both (an empty one removes that frame) on the version read: a change saved meanwhile
 * answers CONFLICT with the frames as they are now. Audited. The warnings shown are computed
 * on read, so they follow at once; the recorded ones (Mine sager's filter and sort by warning)
 * are recorded again in the same transaction, by the hooks.
 */
export async function setOwnProgrammeSettings(ctx: RequestContext, input: SetOwnProgrammeSettingsInput): Promise<OwnProgrammeSettings> {
  const actor = actorOf(ctx);
  try {
    return await ctx.db.transaction(async (m) => {
      await checkStillLeader(m, actor.municipalityId, actor.userId);
      return await writeSettings(m, ctx, input);
    });
  } catch (error) {
    if (!(error instanceof NoLongerLeader)) throw error;
    await recordAudit(ctx.db, {
      actor, action: 'SET_OWN_PROGRAMME_SETTINGS', entityType: 'MUNICIPALITY', entityId: actor.municipalityId, outcome: 'DENIED', detail: 'no longer a leader',
    });
    throw forbidden('Du er ikke længere leder, så ændringen er ikke gemt.');
  }
}

class NoLongerLeader extends Error {}

/**
 * The caller is still an active leader of the municipality, as committed now, inside the write's
 * transaction (as administratorWrite checks an administrator). The request's actor was read when
 * it began, or kept by the actor cache for up to 30 s: a role taken away or an account
 * deactivated since must stop the change. The municipality's row is locked first, as the update
 * would lock it (NO KEY UPDATE: a row referring to the municipality is still written meanwhile,
 * a demotion's audit row too), so a change waiting behind another reads the role only when its
 * turn comes; the caller's own row is then held (FOR SHARE) to the commit, so a demotion either
 * committed before this read, and is seen, or waits for the change to commit.
 */
async function checkStillLeader(m: EntityManager, municipalityId: string, userId: string): Promise<void> {
  await m.query(`SELECT 1 FROM municipality WHERE id = $1 FOR NO KEY UPDATE`, [municipalityId]);
  const [me]: Array<{ role: string; deactivated_at: Date | null }> = await m.query(
    `SELECT role, deactivated_at FROM app_user WHERE id = $1 AND municipality_id = $2 FOR SHARE`, [userId, municipalityId]);
  if (!me || me.role !== Role.LEADER || me.deactivated_at) throw new NoLongerLeader();
}

async function writeSettings(m: EntityManager, ctx: RequestContext, input: SetOwnProgrammeSettingsInput): Promise<OwnProgrammeSettings> {
  const actor = actorOf(ctx);
  const [rows] = (await m.query(
    `UPDATE municipality SET own_programme_max_months = $2, own_programme_follow_up_days = $3, own_programme_settings_version = own_programme_settings_version + 1
      WHERE id = $1 AND own_programme_settings_version = $4
     RETURNING ${SETTINGS_COLUMNS}`,
    [actor.municipalityId, input.maxLengthMonths ?? null, input.followUpIntervalDays ?? null, input.expectedVersion],
  )) as [SettingsRow[], number];
  if (rows.length === 0) {
    const [now]: SettingsRow[] = await m.query(`SELECT ${SETTINGS_COLUMNS} FROM municipality WHERE id = $1`, [actor.municipalityId]);
    throw conflict('Rammerne er ændret af en anden leder, siden du hentede dem.', { __typename: 'OwnProgrammeSettings', ...toSettings(now) });
  }
  await recordAudit(m, {
    actor, action: 'SET_OWN_PROGRAMME_SETTINGS', entityType: 'MUNICIPALITY', entityId: actor.municipalityId, outcome: 'ALLOWED',
    // A sentence: the municipality's administrators read it in their administration log.
    detail: `Satte kommunens egne rammer for helhedsorienterede forløb: ${
      input.maxLengthMonths ? `højst ${input.maxLengthMonths} måneder` : 'ingen længste varighed'}, ${
      input.followUpIntervalDays ? `højst ${input.followUpIntervalDays} dage mellem samtaler` : 'ingen ramme for dage mellem samtaler'}`,
  });
  for (const hook of settingsHooks) await hook(m, ctx, actor.municipalityId);
  return toSettings(rows[0]);
}
