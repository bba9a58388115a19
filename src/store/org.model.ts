import { Schema } from 'mongoose';
import type { ChannelId } from '../core/message';
import { defineModel } from './collection';

export const ORG_LEVELS = ['province', 'city', 'county', 'school'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** A group chat of the org reached through a push robot. `robotKey` and `robotSecret` are secrets: never log them. */
export interface GroupDestination {
  channel: ChannelId;
  /** WeCom group-robot key (a UUID) or DingTalk custom-robot access token. */
  robotKey: string;
  /** DingTalk signing secret (`SEC...`), when the robot has one. */
  robotSecret?: string;
  /** A name for people and logs, e.g. the group's title. */
  name?: string;
}

/**
 * An organisation of the directory tree: province > city > county > school (`_id` = its stable code, `NX-YC-XQ`).
 * `path` lists the ids from the top down to and INCLUDING the org itself, so `{ path: scopeId }` matches the
 * scope and everything below it (one indexed equality query, the same in both engines).
 */
export interface OrgRow {
  _id: string;
  name: string;
  level: OrgLevel;
  parentId: string | null;
  path: string[];
  /** The org's education office ("银川市教育局"); '' when it has none (schools). */
  bureauName: string;
  /** Upper-case region code of case numbers ("NX"), inherited from the parent unless the file sets one. */
  region: string;
  /** GB/T 2260 division code (6 digits), inherited from the parent when not set; selects the rule catalogs. */
  divisionCode?: string;
  groups: GroupDestination[];
  /** For schools: the kind of school as the documents name it (市直属高中, 乡村小学...). */
  schoolKind?: string;
  active: boolean;
  updatedAt: Date;
}

const groupSchema = new Schema(
  {
    channel: { type: String, required: true, enum: ['wecom', 'dingtalk'] },
    robotKey: { type: String, required: true },
    robotSecret: { type: String },
    name: { type: String },
  },
  { _id: false, versionKey: false },
);

const schema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: ORG_LEVELS },
    parentId: { type: String, default: null },
    path: { type: [String], required: true },
    bureauName: { type: String, default: '' },
    region: { type: String, required: true },
    divisionCode: { type: String },
    groups: { type: [groupSchema], default: [] },
    schoolKind: { type: String },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ path: 1 });
schema.index({ parentId: 1 });
schema.index({ level: 1, active: 1 });

export const orgModel = defineModel<OrgRow>('orgs', schema);
