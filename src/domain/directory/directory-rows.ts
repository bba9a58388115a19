/**
 * The rows of a directory, as the file and CSV parsers produce them and loadDirectory consumes them: one row
 * per org, person and observation point, each carrying `where` (its place in the source, for operators).
 * They are the stored documents minus what loading computes (path, inherited region, updatedAt).
 */
import type { PlatformId } from '../../core/message';
import type { GroupDestination, OrgContact, OrgLevel } from '../../store/org.model';
import type { Role } from '../../store/person.model';
import type { PointLevel } from '../../store/point.model';

/** A problem with one row, in English, for the operator who maintains the directory. */
export interface RowError {
  /** Where the row is: `orgs > NX > NX-YC > schools[1]`, `people[3]`, `people.csv line 7`. */
  where: string;
  /** The field (file key or CSV column); '' for the row as a whole. */
  field: string;
  problem: string;
}

export interface OrgInput {
  where: string;
  id: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  /** '' when the org has no education office (schools). */
  bureauName: string;
  /** When absent, inherited from the parent. */
  region?: string;
  divisionCode?: string;
  groups: GroupDestination[];
  liaisonGroups?: GroupDestination[];
  /** chatKey()s of the org's group chats with the bot. */
  chats?: string[];
  schoolKind?: string;
  contact?: OrgContact;
  active: boolean;
}

export interface PersonInput {
  where: string;
  channel: PlatformId;
  userId: string;
  name: string;
  roles: Role[];
  orgId: string;
  mobile?: string;
  /** The same person's keys on other platforms. */
  alsoKnownAs?: string[];
  active: boolean;
}

export interface PointInput {
  where: string;
  id: string;
  schoolId: string;
  /** When absent, the school's school kind. */
  kind?: string;
  /** channel:userId of the liaison. */
  liaisonUserKey?: string;
  schoolYear: string;
  level: PointLevel;
  active: boolean;
}

export interface DirectoryRows {
  orgs: OrgInput[];
  people: PersonInput[];
  points: PointInput[];
}

/**
 * What a parser returns: the rows, or, when anything is wrong, only the errors (so that a caller cannot load
 * the rows that happened to read well and silently drop the others). Warnings never block loading.
 */
export type ParsedDirectory =
  | { ok: true; rows: DirectoryRows; warnings: RowError[] }
  | { ok: false; errors: RowError[]; warnings: RowError[] };

export function parsed(rows: DirectoryRows, errors: RowError[], warnings: RowError[]): ParsedDirectory {
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, rows, warnings };
}

export function emptyRows(): DirectoryRows {
  return { orgs: [], people: [], points: [] };
}

/** The derived id of a point when the source gives none: one point per school, school year and level. */
export function defaultPointId(schoolId: string, schoolYear: string, level: PointLevel): string {
  return `${schoolId}:${schoolYear}:${level}`;
}

/** One line per error, for logs and CLI output (never contains a robot key or a mobile number). */
export function formatRowErrors(errors: readonly RowError[]): string {
  return errors.map((e) => `${e.where}${e.field ? ` > ${e.field}` : ''}: ${e.problem}`).join('\n');
}
