/**
 * Checks a batch of directory rows against itself and against what the store already holds, and computes the
 * documents to write (paths, inherited region and division code, a point's kind from its school). Pure: the
 * caller supplies the existing documents. References resolve in the batch first, then in the store, so the
 * CSV tables can be imported one at a time. Enumerations are checked again here (rows may be built by code,
 * not only by the parsers), so that nothing the store's schema would refuse is found only halfway through a load.
 */
import { isPlatformId, PLATFORM_IDS } from '../../core/channels';
import { ORG_LEVELS, type OrgLevel, type OrgRow } from '../../store/org.model';
import { personKey, ROLES, type PersonRow } from '../../store/person.model';
import { POINT_LEVELS, type PointRow } from '../../store/point.model';
import type { DirectoryRows, OrgInput, RowError } from './directory-rows';

export type OrgDoc = Omit<OrgRow, 'updatedAt'>;
export type PersonDoc = Omit<PersonRow, 'updatedAt'>;
export type PointDoc = Omit<PointRow, 'updatedAt'>;

export interface ExistingDirectory {
  /** Every org in the store (paths are recomputed over the whole tree). */
  orgs: ReadonlyMap<string, OrgRow>;
  /** At least the people the batch's points name as liaisons. */
  people: ReadonlyMap<string, PersonRow>;
}

export interface DirectoryPlan {
  errors: RowError[];
  warnings: RowError[];
  /** The documents to upsert, orgs from the top down; meaningful only without errors. */
  docs: { orgs: OrgDoc[]; people: PersonDoc[]; points: PointDoc[] };
}

/** Which parent levels each level may have; [] = only at the top. */
const PARENT_LEVELS: Record<OrgLevel, readonly OrgLevel[]> = {
  province: [],
  city: ['province'],
  county: ['city', 'province'],
  school: ['county', 'city'],
};
const MAX_DEPTH = ORG_LEVELS.length;

const EMPTY: ExistingDirectory = { orgs: new Map(), people: new Map() };

type Node = { doc: OrgDoc; input?: OrgInput; where: string };

export function validateDirectory(rows: DirectoryRows, existing: ExistingDirectory = EMPTY): DirectoryPlan {
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const err = (where: string, field: string, problem: string): void => void errors.push({ where, field, problem });
  const warn = (where: string, field: string, problem: string): void => void warnings.push({ where, field, problem });

  // ---- orgs: the store's tree overlaid with the batch
  const nodes = new Map<string, Node>();
  for (const row of existing.orgs.values()) {
    const { updatedAt: _ignored, ...doc } = row;
    nodes.set(row._id, { doc, where: `store: orgs ${row._id}` });
  }
  const batchOrgs = new Map<string, OrgInput>();
  for (const o of rows.orgs) {
    if (!ORG_LEVELS.includes(o.level)) {
      err(o.where, 'level', `must be one of ${ORG_LEVELS.join(', ')}`);
      continue;
    }
    if (!o.id.trim()) err(o.where, 'code', 'is required');
    if (!o.name.trim()) err(o.where, 'name', 'is required');
    const first = batchOrgs.get(o.id);
    if (first) {
      err(o.where, 'code', `duplicate code ${o.id} (also at ${first.where})`);
      continue;
    }
    batchOrgs.set(o.id, o);
    const doc: OrgDoc = {
      _id: o.id,
      name: o.name,
      level: o.level,
      parentId: o.parentId,
      path: [],
      bureauName: o.bureauName,
      region: o.region ?? '',
      ...(o.divisionCode ? { divisionCode: o.divisionCode } : {}),
      groups: o.groups,
      ...(o.liaisonGroups ? { liaisonGroups: o.liaisonGroups } : {}),
      ...(o.chats ? { chats: o.chats } : {}),
      ...(o.schoolKind ? { schoolKind: o.schoolKind } : {}),
      ...(o.contact ? { contact: o.contact } : {}),
      active: o.active,
    };
    nodes.set(o.id, { doc, input: o, where: o.where });
  }

  for (const node of nodes.values()) {
    const { doc } = node;
    const parent = doc.parentId === null ? undefined : nodes.get(doc.parentId);
    const inBatch = node.input !== undefined;
    const parentInBatch = parent?.input !== undefined;
    if (!inBatch && !parentInBatch) continue; // the store's own edges were checked when they were loaded
    const where = inBatch ? node.where : parent!.where;
    const field = inBatch ? 'parent' : 'level';
    if (doc.parentId === null) {
      if (doc.level === 'school') err(where, field, 'a school needs a parent (a county or a city)');
      continue;
    }
    if (!parent) {
      err(where, field, `unknown parent ${doc.parentId}`);
      continue;
    }
    const allowed = PARENT_LEVELS[doc.level];
    if (!allowed.includes(parent.doc.level)) {
      const subject = inBatch ? `a ${doc.level}` : `${doc._id} (a ${doc.level} already in the directory)`;
      const rule = allowed.length === 0 ? 'has no parent' : `can only be under a ${allowed.join(' or a ')}`;
      err(where, field, `${subject} ${rule}, but ${parent.doc._id} is a ${parent.doc.level}`);
    } else if (doc.active && !parent.doc.active && inBatch) {
      warn(where, 'active', `is active but its parent ${parent.doc._id} is not`);
    }
  }

  // Paths and inherited fields, top down (levels strictly decrease downwards, so there is no cycle to follow;
  // the depth bound only guards against a corrupted store).
  const resolved = new Set<string>();
  const resolve = (node: Node, depth: number): void => {
    if (resolved.has(node.doc._id)) return;
    resolved.add(node.doc._id);
    const parent = node.doc.parentId === null ? undefined : nodes.get(node.doc.parentId);
    if (parent && depth < MAX_DEPTH) resolve(parent, depth + 1);
    const pd = parent?.doc;
    node.doc.path = [...(pd?.path ?? []), node.doc._id];
    if (node.input) {
      node.doc.region = node.input.region ?? pd?.region ?? '';
      const division = node.input.divisionCode ?? pd?.divisionCode;
      if (division) node.doc.divisionCode = division;
    }
  };
  for (const node of nodes.values()) resolve(node, 0);

  for (const o of batchOrgs.values()) {
    const { doc } = nodes.get(o.id)!;
    if (!doc.region) err(o.where, 'region', 'is required at the top of the tree (orgs below inherit it)');
    if (o.level === 'school') {
      if (o.bureauName) err(o.where, 'bureau_name', "a school has no bureau of its own (its county's or city's bureau is used)");
    } else {
      if (o.schoolKind) err(o.where, 'school_kind', 'only schools have a school kind');
      if (!o.bureauName) warn(o.where, 'bureau_name', `${o.id} has no bureau: reports under it go to the bureau above`);
      else if (o.groups.length === 0) warn(o.where, 'groups', `the bureau of ${o.id} has no group robot: its alerts cannot reach a group chat`);
    }
  }

  // ---- people
  const batchPeople = new Map<string, PersonDoc & { where: string }>();
  for (const p of rows.people) {
    const key = personKey(p.channel, p.userId);
    const first = batchPeople.get(key);
    if (first) {
      err(p.where, 'user_id', `duplicate user id ${p.userId} on ${p.channel} (also at ${first.where})`);
      continue;
    }
    const badRoles = p.roles.filter((r) => !ROLES.includes(r));
    if (badRoles.length > 0) err(p.where, 'roles', `unknown role ${badRoles.map((r) => `'${r}'`).join(', ')}; roles are ${ROLES.join(', ')}`);
    if (p.roles.length === 0) err(p.where, 'roles', `needs at least one role (${ROLES.join(', ')})`);
    if (!isPlatformId(p.channel)) err(p.where, 'channel', `must be ${PLATFORM_IDS.join(' or ')}`);
    if (!p.userId.trim()) err(p.where, 'user_id', 'is required');
    if (!p.name.trim()) err(p.where, 'name', 'is required');
    const org = nodes.get(p.orgId)?.doc;
    if (!org) err(p.where, 'org', `unknown org ${p.orgId}`);
    else {
      if (p.roles.includes('official') && !org.bureauName) {
        err(p.where, 'roles', `an official belongs to a bureau, but ${org._id} (a ${org.level}) has none`);
      }
      if (p.active && !org.active) warn(p.where, 'active', `is active but the org ${org._id} is not`);
    }
    const { where, ...rest } = p;
    batchPeople.set(key, { ...rest, _id: key, where });
  }

  // ---- points
  const batchPoints = new Map<string, PointDoc & { where: string }>();
  for (const pt of rows.points) {
    const first = batchPoints.get(pt.id);
    if (first) {
      err(pt.where, 'id', `duplicate point ${pt.id} (also at ${first.where})`);
      continue;
    }
    if (!POINT_LEVELS.includes(pt.level)) err(pt.where, 'level', `must be one of ${POINT_LEVELS.join(', ')}`);
    if (!/^\d{4}-\d{4}$/.test(pt.schoolYear)) err(pt.where, 'school_year', 'school years look like 2026-2027');
    if (!pt.id.trim()) err(pt.where, 'id', 'is required');
    const school = nodes.get(pt.schoolId)?.doc;
    if (!school) err(pt.where, 'school', `unknown school ${pt.schoolId}`);
    else if (school.level !== 'school') err(pt.where, 'school', `${pt.schoolId} is a ${school.level}, not a school`);
    else if (pt.active && !school.active) err(pt.where, 'active', `the school ${pt.schoolId} is inactive; deactivate the point too`);
    const kind = pt.kind ?? school?.schoolKind;
    if (!kind) err(pt.where, 'kind', 'is required (the school has no school_kind to take it from)');
    else if (school?.schoolKind && pt.kind && pt.kind !== school.schoolKind) {
      warn(pt.where, 'kind', `differs from the school's school_kind (${school.schoolKind})`);
    }
    if (pt.liaisonUserKey) {
      const person = batchPeople.get(pt.liaisonUserKey) ?? existing.people.get(pt.liaisonUserKey);
      if (!person) err(pt.where, 'liaison', `unknown person ${pt.liaisonUserKey}`);
      else if (!person.roles.includes('liaison')) err(pt.where, 'liaison', `${pt.liaisonUserKey} does not have the liaison role`);
      else if (pt.active && !person.active) err(pt.where, 'liaison', `${pt.liaisonUserKey} is inactive`);
      else if (person.orgId !== pt.schoolId) warn(pt.where, 'liaison', `${pt.liaisonUserKey} belongs to ${person.orgId ?? 'no org'}, not to the school`);
    } else if (pt.active) {
      warn(pt.where, 'liaison', 'the point has no liaison: nobody receives its monthly reminders');
    }
    const { where, liaisonUserKey, kind: _kind, id, ...rest } = pt;
    batchPoints.set(id, { ...rest, _id: id, kind: kind ?? '', ...(liaisonUserKey ? { liaisonUserKey } : {}), where });
  }

  // ---- the documents: batch orgs, plus store orgs whose path changed because an ancestor moved
  const orgDocs: OrgDoc[] = [];
  for (const node of nodes.values()) {
    if (node.input || !samePath(node.doc.path, existing.orgs.get(node.doc._id)?.path)) orgDocs.push(node.doc);
  }
  orgDocs.sort((a, b) => a.path.length - b.path.length || a._id.localeCompare(b._id));
  const strip = <T extends { where: string }>({ where: _w, ...doc }: T): Omit<T, 'where'> => doc;
  return {
    errors,
    warnings,
    docs: { orgs: orgDocs, people: [...batchPeople.values()].map(strip), points: [...batchPoints.values()].map(strip) },
  };
}

function samePath(a: readonly string[], b: readonly string[] | undefined): boolean {
  return b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}
