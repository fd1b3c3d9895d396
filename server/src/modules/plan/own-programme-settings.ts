import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { recordAudit } from '../../core/audit';
import { actorOf } from '../../core/auth/access';
import type { RequestContext } from '../../core/context';

/**
 * The municipality's own settings for its cross-disciplinary forløb (HELHEDSORIENTERET):
 * after lov nr. 1750 af 29. december 2025, long cross-disciplinary efforts are each municipality's own responsibility, so
 * their length and follow-up cadence are the municipality's to set. None by default. A
 * leader sets them (an admin screen can come later).
 */
@ObjectType({ description: 'Kommunens egne rammer for helhedsorienterede forløb (tom: ingen ramme).' })
export class OwnProgrammeSettings {
  @Field(() => Int, { nullable: true, description: 'Længste varighed i måneder (slutdato til og med start + måneder − 1 dag).' })
  maxLengthMonths: number | null;

  @Field(() => Int, { nullable: true, description: 'Højst så mange dage mellem samtaler.' })
  followUpIntervalDays: number | null;
}

@InputType({ description: 'Kommunens egne rammer for helhedsorienterede forløb (kun leder). Tom fjerner rammen.' })
export class SetOwnProgrammeSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Længste varighed i måneder (1–120).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Varigheden skal være mindst 1 måned.' })
  @Max(120, { message: 'Varigheden må højst være 120 måneder.' })
  maxLengthMonths?: number | null;

  @Field(() => Int, { nullable: true, description: 'Højst så mange dage mellem samtaler (1–365).' })
  @IsOptional()
  @IsInt()
  @Min(1, { message: 'Der skal være mindst 1 dag mellem samtaler.' })
  @Max(365, { message: 'Der må højst være 365 dage mellem samtaler.' })
  followUpIntervalDays?: number | null;
}

const toSettings = (r: { own_programme_max_months: number | null; own_programme_follow_up_days: number | null } | undefined) =>
  Object.assign(new OwnProgrammeSettings(), { maxLengthMonths: r?.own_programme_max_months ?? null, followUpIntervalDays: r?.own_programme_follow_up_days ?? null });

export async function readOwnProgrammeSettings(ctx: RequestContext): Promise<OwnProgrammeSettings> {
  const [row] = await ctx.db.query(`SELECT own_programme_max_months, own_programme_follow_up_days FROM municipality WHERE id = $1`, [actorOf(ctx).municipalityId]);
  return toSettings(row);
}

/** Sets both (an empty one removes that frame); audited. Warnings are computed on read, so they follow at once. */
export async function setOwnProgrammeSettings(ctx: RequestContext, input: SetOwnProgrammeSettingsInput): Promise<OwnProgrammeSettings> {
  const actor = actorOf(ctx);
  return ctx.db.transaction(async (m) => {
    const [rows] = (await m.query(
      `UPDATE municipality SET own_programme_max_months = $2, own_programme_follow_up_days = $3 WHERE id = $1
       RETURNING own_programme_max_months, own_programme_follow_up_days`,
      [actor.municipalityId, input.maxLengthMonths ?? null, input.followUpIntervalDays ?? null],
    )) as [Array<{ own_programme_max_months: number | null; own_programme_follow_up_days: number | null }>, number];
    await recordAudit(m, {
      actor, action: 'SET_OWN_PROGRAMME_SETTINGS', entityType: 'MUNICIPALITY', entityId: actor.municipalityId, outcome: 'ALLOWED',
      detail: `længde ${input.maxLengthMonths ?? '–'} mdr., samtaler ${input.followUpIntervalDays ?? '–'} dage`,
    });
    return toSettings(rows[0]);
  });
}
