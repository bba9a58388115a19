import { Schema } from 'mongoose';
import { PLATFORM_IDS, type PlatformId } from '../core/channels';
import { defineModel } from './collection';

/** How an org's group chat is named in `chats` and looked up. */
export function chatKey(channel: string, chatId: string): string {
  return `${channel}:${chatId}`;
}

export const ORG_LEVELS = ['province', 'city', 'county', 'school'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

/** A group chat of the org reached through a push robot. `robotKey` and `robotSecret` are secrets: never log them. */
export interface GroupDestination {
  channel: PlatformId;
  /** WeCom group-robot key (a UUID) or DingTalk custom-robot access token. */
  robotKey: string;
  /** DingTalk signing secret (`SEC...`), when the robot has one. */
  robotSecret?: string;
  /** A name for people and logs, e.g. the group's title. */
  name?: string;
}

/**
 * The bureau's entry of 专项整治相关信息统计表 (新教领秘〔2024〕2号 附件1): its responsible department and that
 * department's contact, and the complaint hotline and mailbox it publishes (what 帮助 tells a teacher who would
 * rather call). The contact's mobile is personal data: exports only, never logs or messages.
 */
export interface OrgContact {
  /** 牵头负责部门, e.g. 人事科. */
  department?: string;
  /** 负责人. */
  name?: string;
  /** 办公电话. */
  officePhone?: string;
  /** 手机号码. */
  mobile?: string;
  /** 微信账号. */
  wechat?: string;
  /** 投诉举报热线. */
  hotline?: string;
  /** 投诉举报邮箱. */
  mailbox?: string;
}

export const ORG_CONTACT_FIELDS = ['department', 'name', 'officePhone', 'mobile', 'wechat', 'hotline', 'mailbox'] as const satisfies readonly (keyof OrgContact)[];

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
  /**
   * A city's liaison group(s): where the 25th's reminder and its follow-ups @-mention the observation
   * points' liaisons who have not answered yet (宁教办函〔2023〕95号). Never an alert.
   */
  liaisonGroups?: GroupDestination[];
  /**
   * The group chats of the org that the bot is a member of (a bureau's work group, a school's teachers'
   * group), as `<channel>:<chat id>` (chatKey): a group not listed anywhere gets only the menu.
   */
  chats?: string[];
  /** For schools: the kind of school as the documents name it (市直属高中, 乡村小学...). */
  schoolKind?: string;
  /** 附件1's fields, when the directory gives any. */
  contact?: OrgContact;
  active: boolean;
  updatedAt: Date;
}

const groupSchema = new Schema(
  {
    channel: { type: String, required: true, enum: [...PLATFORM_IDS] },
    robotKey: { type: String, required: true },
    robotSecret: { type: String },
    name: { type: String },
  },
  { _id: false, versionKey: false },
);

const contactSchema = new Schema(
  Object.fromEntries(ORG_CONTACT_FIELDS.map((f) => [f, { type: String, maxlength: 200 }])),
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
    liaisonGroups: { type: [groupSchema], default: undefined },
    chats: { type: [String], default: undefined },
    schoolKind: { type: String },
    contact: { type: contactSchema },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ path: 1 });
schema.index({ parentId: 1 });
schema.index({ chats: 1 });
schema.index({ level: 1, active: 1 });

export const orgModel = defineModel<OrgRow>('orgs', schema);
