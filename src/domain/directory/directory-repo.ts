/**
 * The directory's queries: who a sender is, which org and bureau has jurisdiction, the observation points and
 * their liaisons. Unknown ids give null, [] or false, never an exception. Only active people are recognised,
 * and lists (orgsWithin, points, schoolsByName) hold active rows only; getOrg returns inactive orgs too (old
 * cases still name them).
 */
import type { ChannelId, PlatformId, RobotDestination } from '../../core/message';
import type { StoreEngine } from '../../store/collection';
import { chatKey, orgModel, type OrgLevel, type OrgRow } from '../../store/org.model';
import { personKey, personModel, type PersonRow, type Role } from '../../store/person.model';
import { pointModel, type PointRow } from '../../store/point.model';
import type { DirectoryRows } from './directory-rows';
import { loadDirectory, type LoadResult } from './load-directory';
import { rankSchoolsByName, type SchoolMatchOptions } from './match-school-name';

/** Why an active point cannot reach a liaison. */
export type MissingLiaisonReason = 'none' | 'unknown_person' | 'inactive' | 'not_liaison';

export interface DirectoryRepo {
  load(rows: DirectoryRows, now: Date): Promise<LoadResult>;
  /** The active person with this channel id, or null (inactive people are not recognised). */
  findPerson(channel: PlatformId, userId: string): Promise<PersonRow | null>;
  getOrg(id: string): Promise<OrgRow | null>;
  /** The active org whose group chat this is (a bureau's or a school's group with the bot), or null. */
  orgOfChat(channel: ChannelId, chatId: string): Promise<OrgRow | null>;
  /** The org's ancestors from the top down to its parent (the org itself excluded); [] for the top or unknown. */
  ancestors(orgId: string): Promise<OrgRow[]>;
  /** The nearest active org at or above `orgId` that has a bureau: a school's county (or city, for 市直属). */
  bureauFor(orgId: string): Promise<OrgRow | null>;
  /** The bureau above bureauFor(orgId): where an unclaimed alert escalates. Null at the top. */
  parentBureau(orgId: string): Promise<OrgRow | null>;
  /** Whether `orgId` is `scopeOrgId` or below it (jurisdiction). */
  isWithin(orgId: string, scopeOrgId: string): Promise<boolean>;
  /** The active orgs at and below the scope (the scope included), by code; optionally of one level. */
  orgsWithin(scopeOrgId: string, opts?: { level?: OrgLevel }): Promise<OrgRow[]>;
  /** The active people of an org (not of its descendants), optionally with a role. */
  peopleAt(orgId: string, role?: Role): Promise<PersonRow[]>;
  /** Active points, by id; optionally of one school year. */
  activePoints(schoolYear?: string): Promise<PointRow[]>;
  /** Active points whose liaison cannot be reached, with the reason; the monitoring must report these. */
  pointsWithoutLiaison(schoolYear?: string): Promise<{ point: PointRow; reason: MissingLiaisonReason }[]>;
  /** The point's liaison when it is an active person with the liaison role, else null. */
  liaisonOf(pointId: string): Promise<PersonRow | null>;
  /** The active points a person is the liaison of. */
  pointsOfLiaison(channel: PlatformId, userId: string): Promise<PointRow[]>;
  /** Active schools whose name matches a part of `text`, best first (for a teacher not in the directory). */
  schoolsByName(text: string, opts?: SchoolMatchOptions & { scopeOrgId?: string }): Promise<OrgRow[]>;
}

export function createDirectoryRepo(store: StoreEngine): DirectoryRepo {
  const orgs = store.collection(orgModel);
  const people = store.collection(personModel);
  const points = store.collection(pointModel);

  const getOrg = (id: string): Promise<OrgRow | null> => orgs.findOne({ _id: id });

  /** The org's path as rows, top first, the org itself last; missing ancestors are skipped. */
  const lineage = async (orgId: string): Promise<OrgRow[]> => {
    const org = await getOrg(orgId);
    if (!org) return [];
    const above = org.path.filter((id) => id !== org._id);
    const found = above.length > 0 ? await orgs.find({ _id: { $in: above } }) : [];
    const byId = new Map(found.map((o) => [o._id, o] as const));
    return [...above.flatMap((id) => byId.get(id) ?? []), org];
  };

  const bureauFor = async (orgId: string): Promise<OrgRow | null> => {
    const chain = await lineage(orgId);
    for (let i = chain.length - 1; i >= 0; i -= 1) {
      const o = chain[i]!;
      if (o.active && o.bureauName) return o;
    }
    return null;
  };

  /**
   * The active person of `key`: their own row, else the one that lists it as their other platform's key
   * (alsoKnownAs), as when a row of that key is left inactive after the person was listed again under the
   * other platform. Their own row first: one query for the directory's people (an $or of both is one query
   * always, but twice the cost of a lookup by id).
   */
  const findPersonByKey = async (key: string): Promise<PersonRow | null> => {
    const own = await people.findOne({ _id: key });
    return own?.active ? own : people.findOne({ alsoKnownAs: key, active: true });
  };

  const activePoints = (schoolYear?: string): Promise<PointRow[]> =>
    points.find({ active: true, ...(schoolYear ? { schoolYear } : {}) }, { sort: { _id: 1 } });

  return {
    load: (rows, now) => loadDirectory(store, rows, now),
    findPerson: (channel, userId) => findPersonByKey(personKey(channel, userId)),
    getOrg,
    orgOfChat: (channel, chatId) => orgs.findOne({ chats: chatKey(channel, chatId), active: true }),
    ancestors: async (orgId) => (await lineage(orgId)).slice(0, -1),
    bureauFor,
    async parentBureau(orgId) {
      const bureau = await bureauFor(orgId);
      return bureau?.parentId ? bureauFor(bureau.parentId) : null;
    },
    async isWithin(orgId, scopeOrgId) {
      const org = await getOrg(orgId);
      return org !== null && org.path.includes(scopeOrgId);
    },
    orgsWithin: (scopeOrgId, opts = {}) =>
      orgs.find({ path: scopeOrgId, active: true, ...(opts.level ? { level: opts.level } : {}) }, { sort: { _id: 1 } }),
    peopleAt: (orgId, role) => people.find({ orgId, active: true, ...(role ? { roles: role } : {}) }, { sort: { _id: 1 } }),
    activePoints,
    async pointsWithoutLiaison(schoolYear) {
      const all = await activePoints(schoolYear);
      const keys = [...new Set(all.flatMap((p) => (p.liaisonUserKey ? [p.liaisonUserKey] : [])))];
      const found = keys.length > 0 ? await people.find({ _id: { $in: keys } }) : [];
      const byKey = new Map(found.map((p) => [p._id, p] as const));
      const out: { point: PointRow; reason: MissingLiaisonReason }[] = [];
      for (const point of all) {
        const person = point.liaisonUserKey ? byKey.get(point.liaisonUserKey) : undefined;
        const reason: MissingLiaisonReason | null = !point.liaisonUserKey
          ? 'none'
          : !person
            ? 'unknown_person'
            : !person.active
              ? 'inactive'
              : !person.roles.includes('liaison')
                ? 'not_liaison'
                : null;
        if (reason) out.push({ point, reason });
      }
      return out;
    },
    async liaisonOf(pointId) {
      const point = await points.findOne({ _id: pointId });
      if (!point?.liaisonUserKey) return null;
      const person = await findPersonByKey(point.liaisonUserKey);
      return person && person.roles.includes('liaison') ? person : null;
    },
    pointsOfLiaison: (channel, userId) =>
      points.find({ liaisonUserKey: personKey(channel, userId), active: true }, { sort: { _id: 1 } }),
    async schoolsByName(text, opts = {}) {
      const scope = opts.scopeOrgId ? { path: opts.scopeOrgId } : {};
      const within = await orgs.find({ ...scope, active: true });
      const names = new Map(within.map((o) => [o._id, o.name] as const));
      // Ancestors above the scope are not in `within`; their names only help ranking, so they are not fetched.
      return rankSchoolsByName(text, within.filter((o) => o.level === 'school'), names, opts);
    },
  };
}

/** The org's group chats as outbox destinations (robot keys are secrets: log them with describeDestination). */
/**
 * The group robots of the nearest active org at or above `orgId` that has any: a bureau without a group
 * robot is not a reason for its alerts or lists to reach no one. Orgs in `skip` are passed over.
 */
export async function nearestGroups(
  directory: Pick<DirectoryRepo, 'getOrg' | 'ancestors'>,
  orgId: string,
  skip: readonly string[] = [],
): Promise<{ orgId: string; destinations: RobotDestination[] } | null> {
  const org = await directory.getOrg(orgId);
  if (!org) return null;
  const chain = [org, ...[...(await directory.ancestors(orgId))].reverse()];
  const reachable = chain.find((o) => o.active && o.groups.length > 0 && !skip.includes(o._id));
  return reachable ? { orgId: reachable._id, destinations: groupDestinations(reachable) } : null;
}

export function groupDestinations(org: OrgRow, which: 'groups' | 'liaisonGroups' = 'groups'): RobotDestination[] {
  return (org[which] ?? []).map((g) => ({
    kind: 'robot' as const,
    channel: g.channel,
    robotKey: g.robotKey,
    ...(g.robotSecret ? { robotSecret: g.robotSecret } : {}),
  }));
}
