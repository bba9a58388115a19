import { PLATFORM_IDS, type PlatformId } from '../core/channels';
import { Schema } from 'mongoose';
import { defineModel } from './collection';

export const ROLES = ['teacher', 'liaison', 'official', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The `_id` of a person and the form of `liaisonUserKey`: channel + ":" + userId. */
export function personKey(channel: PlatformId, userId: string): string {
  return `${channel}:${userId}`;
}

/**
 * A person known to the bot (`_id` = channel + ":" + userId), loaded from the directory. `mobile` is personal
 * data: never log it. Only active people are recognised by the directory's queries.
 */
export interface PersonRow {
  _id: string;
  channel: PlatformId;
  userId: string;
  name: string;
  roles: Role[];
  /** The org the person belongs to (a school for teachers and liaisons, a bureau's org for officials). */
  orgId?: string;
  mobile?: string;
  /** The same person's keys on the other platforms (personKey form): a DingTalk staff id beside a WeCom userid. */
  alsoKnownAs?: string[];
  active: boolean;
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true, enum: [...PLATFORM_IDS] },
    userId: { type: String, required: true },
    name: { type: String, required: true },
    roles: { type: [String], enum: ROLES, default: [] },
    orgId: { type: String },
    mobile: { type: String },
    alsoKnownAs: { type: [String], default: undefined },
    active: { type: Boolean, required: true, default: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ orgId: 1 });
schema.index({ alsoKnownAs: 1 });
schema.index({ roles: 1 });

export const personModel = defineModel<PersonRow>('people', schema);
