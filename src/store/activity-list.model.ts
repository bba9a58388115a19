import mongoose, { Schema } from 'mongoose';
import { defineModel } from './collection';

/**
 * A region's list for one calendar year, imported whole (POST /admin/lists/...): the whitelist of social
 * affairs allowed on campus (白名单, 新教领秘〔2024〕2号 附件7: 活动名称, 实施单位, 开展依据, 开展时间, 开展地点,
 * 实施范围, 活动主要内容, 开展形式, 验收方式, 备注) or the approved plan of inspections (督查检查评比考核年度计划,
 * 厅发〔2020〕3号 第1条, 安市办通字〔2021〕3号 (一): 事项, 实施单位, 依据, 时间, 对象, 方式, 审批).
 *
 * `_id` = "<kind>:<region>:<year>": one document per list, so an import replaces a list in one atomic write
 * and a failed or refused import leaves the previous list as it was (nothing half imported).
 */
export const LIST_KINDS = ['whitelist', 'plan'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/** One row of a list; every value as the bureau wrote it (trimmed). */
export interface ListEntry {
  name: string;
  unit?: string;
  basis?: string;
  time?: string;
  place?: string;
  scope?: string;
  content?: string;
  form?: string;
  acceptance?: string;
  approval?: string;
  note?: string;
}

export const LIST_ENTRY_FIELDS = ['name', 'unit', 'basis', 'time', 'place', 'scope', 'content', 'form', 'acceptance', 'approval', 'note'] as const;
export type ListEntryField = (typeof LIST_ENTRY_FIELDS)[number];

export interface ActivityListRow {
  _id: string;
  kind: ListKind;
  /** Region code, as REGION and case numbers ("NX"). */
  region: string;
  year: number;
  entries: ListEntry[];
  count: number;
  /** 1 for the first import, +1 for each import that replaced it. */
  version: number;
  importedAt: Date;
  /** The file's name as uploaded (what an operator recognises), when given. */
  source?: string;
}

export const listId = (kind: ListKind, region: string, year: number): string => `${kind}:${region}:${year}`;

/**
 * The most a list's entries may take as stored. MongoDB holds one document of 16 MiB at most (BSON) and a list
 * is one document; 15 MiB leaves room for the rest of it and for the update that writes it. 5,000 rows of 500
 * characters in each column would take some 75 MiB, so the import is refused (422) before the store would.
 */
export const MAX_LIST_ENTRIES_BYTES = 15 * 1024 * 1024;

/** The entries' size as MongoDB stores them (BSON, UTF-8), the same on every engine. */
export function listEntriesBytes(entries: readonly ListEntry[]): number {
  return mongoose.mongo.BSON.calculateObjectSize({ entries });
}

/** UTF-16 backstops; the parser enforces the limits people see. */
const FIELD = 2000;

const entrySchema = new Schema(
  Object.fromEntries(LIST_ENTRY_FIELDS.map((f) => [f, f === 'name' ? { type: String, required: true, maxlength: FIELD } : { type: String, maxlength: FIELD }])),
  { _id: false, versionKey: false },
);

const schema = new Schema(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true, enum: LIST_KINDS },
    region: { type: String, required: true, match: /^[A-Z]{2,6}$/ },
    year: { type: Number, required: true, min: 2000, max: 2100 },
    entries: { type: [entrySchema], default: [] },
    count: { type: Number, required: true, min: 0 },
    version: { type: Number, required: true, min: 1 },
    importedAt: { type: Date, required: true },
    source: { type: String, maxlength: 300 },
  },
  { versionKey: false },
);

export const activityListModel = defineModel<ActivityListRow>('activity_lists', schema);
