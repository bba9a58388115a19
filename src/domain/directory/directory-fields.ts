/**
 * The fields of one org, person or point record, shared by the YAML file and the CSV tables (the YAML keys are
 * the CSV column names), and the conversion of a checked record into a row. Messages never repeat a robot
 * key, a secret or a mobile number: they are secrets or personal data, and errors end up in logs.
 */
import { CHANNEL_IDS, PLATFORM_IDS, type ChannelId } from '../../core/channels';
import { z } from 'zod';
import type { PlatformId } from '../../core/message';
import { chatKey, ORG_LEVELS, type OrgLevel } from '../../store/org.model';
import { personKey, ROLES, type Role } from '../../store/person.model';
import { POINT_LEVELS } from '../../store/point.model';
import { defaultPointId, type OrgInput, type PersonInput, type PointInput, type RowError } from './directory-rows';
import { normaliseRobot } from './robot-key';
import { contactFromRecord, orgContactFields } from './org-contact-fields';

const textOf = z.union([z.string(), z.number()]).transform(String);
const oneLine = textOf.pipe(
  z.string().trim().min(1, 'must not be empty').max(100, 'is longer than 100 characters').refine((s) => !/[\r\n]/.test(s), 'must be one line'),
);
const optionalText = textOf.pipe(z.string().trim().max(100, 'is longer than 100 characters')).optional();

export const orgCode = textOf.pipe(
  z
    .string()
    .trim()
    .toUpperCase()
    .max(40, 'codes have at most 40 characters')
    .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'codes are letters and digits in dash-separated parts, like NX-YC-XQ'),
);
export const userId = textOf.pipe(
  z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, 'user ids are 1-64 letters, digits and . _ @ - (the channel account id)'),
);
const channel = z.enum(PLATFORM_IDS, { error: `must be ${PLATFORM_IDS.join(' or ')}` });
const region = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,8}$/, 'region codes are 2-8 letters, like NX');
const divisionCode = textOf.pipe(z.string().trim().regex(/^\d{6}$/, 'division codes have 6 digits (GB/T 2260), like 640100'));
const schoolYear = textOf.pipe(
  z
    .string()
    .trim()
    .regex(/^\d{4}-\d{4}$/, 'school years look like 2026-2027')
    .refine((s) => Number(s.slice(5)) === Number(s.slice(0, 4)) + 1, 'the second year must follow the first, like 2026-2027'),
);
const pointId = textOf.pipe(z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'point ids are letters, digits and . _ : -'));
const liaisonRef = textOf.pipe(
  z
    .string()
    .trim()
    .regex(new RegExp(`^(?:(?:${PLATFORM_IDS.join('|')}):)?[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$`), 'a liaison is a user id, optionally prefixed by its channel (wecom:zhangwei)'),
);
const mobile = textOf
  .transform((s) => s.replace(/[\s-]/g, '').replace(/^\+?86/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'is not an 11-digit mainland mobile number'));

const roles = z.union([z.array(textOf), textOf]).transform((value, ctx): Role[] => {
  // NFKC turns full-width commas and semicolons into ASCII ones; \u3001 is the ideographic enumeration comma.
  const words = (Array.isArray(value) ? value : value.normalize('NFKC').split(/[\s,;|\u3001]+/))
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  const bad = words.filter((w) => !(ROLES as readonly string[]).includes(w));
  if (bad.length > 0) {
    ctx.addIssue({ code: 'custom', message: `unknown role ${bad.map((b) => `'${b}'`).join(', ')}; roles are ${ROLES.join(', ')}` });
  } else if (words.length === 0) {
    ctx.addIssue({ code: 'custom', message: `needs at least one role (${ROLES.join(', ')})` });
  }
  return [...new Set(words)] as Role[];
});

const group = z
  .object({ channel: channel.optional(), robot_key: textOf, robot_secret: textOf.optional(), name: optionalText })
  .strict()
  .transform((g, ctx) => {
    const r = normaliseRobot({ channel: g.channel, key: g.robot_key, secret: g.robot_secret });
    if (!r.ok) {
      ctx.addIssue({ code: 'custom', path: [r.field === 'key' ? 'robot_key' : r.field === 'secret' ? 'robot_secret' : 'channel'], message: r.problem });
      return z.NEVER;
    }
    return { ...r.destination, ...(g.name ? { name: g.name } : {}) };
  });

/** A group chat the bot is a member of: its channel (core/channels.ts) and the platform's chat id. */
const chat = z
  .object({
    channel: z.enum(CHANNEL_IDS as [ChannelId, ...ChannelId[]], { error: `must be one of ${CHANNEL_IDS.join(', ')}` }),
    chat_id: textOf.pipe(z.string().trim().min(1, 'must not be empty').max(128, 'is longer than 128 characters')),
    name: optionalText,
  })
  .strict()
  .transform((c) => chatKey(c.channel, c.chat_id));

export const orgRecord = z
  .object({
    code: orgCode,
    name: oneLine,
    level: z.enum(ORG_LEVELS, { error: `must be one of ${ORG_LEVELS.join(', ')}` }).optional(),
    parent: orgCode.optional(),
    bureau_name: optionalText,
    region: region.optional(),
    division_code: divisionCode.optional(),
    school_kind: optionalText,
    ...orgContactFields({ textOf, optionalText, mobile }),
    groups: z.array(group).optional(),
    liaison_groups: z.array(group).optional(),
    chats: z.array(chat).optional(),
    active: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

export const personRecord = z
  .object({
    user_id: userId,
    channel: channel.optional(),
    /** The same person's DingTalk staff id, beside a WeCom userid (one person on both). */
    dingtalk_user_id: userId.optional(),
    name: oneLine,
    roles,
    org: orgCode.optional(),
    mobile: mobile.optional(),
    active: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

export const pointRecord = z
  .object({
    id: pointId.optional(),
    school: orgCode,
    kind: optionalText,
    liaison: liaisonRef.optional(),
    school_year: schoolYear.optional(),
    level: z.enum(POINT_LEVELS, { error: `must be one of ${POINT_LEVELS.join(', ')} (region = set up by the province-level department)` }),
    active: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict();

export type OrgRecord = z.output<typeof orgRecord>;
export type PersonRecord = z.output<typeof personRecord>;
export type PointRecord = z.output<typeof pointRecord>;

/** Checks `raw` against a record schema: the record, or one row error per problem (all of them). */
export function checkRecord<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  where: string,
  fieldName: (path: string) => string = (p) => p,
): { ok: true; value: z.output<S> } | { ok: false; errors: RowError[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, errors: [{ where, field: '', problem: 'must be a mapping of fields (key: value)' }] };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  const errors: RowError[] = [];
  for (const issue of r.error.issues) {
    const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ where, field: fieldName(path ? `${path}.${key}` : key), problem: 'unknown field' });
    } else if (valueAt(raw, issue.path) === undefined) {
      errors.push({ where, field: fieldName(path), problem: 'is required' });
    } else {
      errors.push({ where, field: fieldName(path), problem: issue.message });
    }
  }
  return { ok: false, errors };
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

export function orgFromRecord(rec: OrgRecord, at: { where: string; parentId: string | null; level: OrgLevel }): OrgInput {
  const contact = contactFromRecord(rec);
  return {
    where: at.where,
    id: rec.code,
    name: rec.name,
    level: at.level,
    parentId: at.parentId,
    bureauName: rec.bureau_name ?? '',
    ...(rec.region ? { region: rec.region } : {}),
    ...(rec.division_code ? { divisionCode: rec.division_code } : {}),
    groups: rec.groups ?? [],
    ...(rec.liaison_groups?.length ? { liaisonGroups: rec.liaison_groups } : {}),
    ...(rec.chats?.length ? { chats: rec.chats } : {}),
    ...(rec.school_kind ? { schoolKind: rec.school_kind } : {}),
    ...(contact ? { contact } : {}),
    active: rec.active ?? true,
  };
}

export function personFromRecord(rec: PersonRecord, at: { where: string; orgId: string; defaultChannel: PlatformId }): PersonInput {
  return {
    where: at.where,
    channel: rec.channel ?? at.defaultChannel,
    userId: rec.user_id,
    name: rec.name,
    roles: rec.roles,
    orgId: at.orgId,
    ...(rec.mobile ? { mobile: rec.mobile } : {}),
    ...(rec.dingtalk_user_id && (rec.channel ?? at.defaultChannel) !== 'dingtalk' ? { alsoKnownAs: [personKey('dingtalk', rec.dingtalk_user_id)] } : {}),
    active: rec.active ?? true,
  };
}

/** The row, or the error when the school year is neither in the record nor given as a default. */
export function pointFromRecord(
  rec: PointRecord,
  at: { where: string; defaultChannel: PlatformId; defaultSchoolYear?: string },
): PointInput | RowError {
  const year = rec.school_year ?? at.defaultSchoolYear;
  if (!year) return { where: at.where, field: 'school_year', problem: 'is required (or set school_year for the whole file)' };
  return {
    where: at.where,
    id: rec.id ?? defaultPointId(rec.school, year, rec.level),
    schoolId: rec.school,
    ...(rec.kind ? { kind: rec.kind } : {}),
    ...(rec.liaison ? { liaisonUserKey: liaisonKey(rec.liaison, at.defaultChannel) } : {}),
    schoolYear: year,
    level: rec.level,
    active: rec.active ?? true,
  };
}

/** `wecom:zhangwei` stays; a bare `zhangwei` gets the default channel. */
export function liaisonKey(ref: string, defaultChannel: PlatformId): string {
  const m = new RegExp(`^(${PLATFORM_IDS.join('|')}):(.+)$`).exec(ref);
  return m ? personKey(m[1] as PlatformId, m[2]!) : personKey(defaultChannel, ref);
}

export const FILE_CHANNEL = channel;
export const FILE_SCHOOL_YEAR = schoolYear;
