import { Schema } from 'mongoose';
import { defineModel } from './collection';

export type Role = 'teacher' | 'liaison' | 'official' | 'admin';

/** A person known to the bot (`_id` = channel + ":" + userId). The directory issue extends this. */
export interface PersonRow {
  _id: string;
  channel: 'wecom' | 'dingtalk';
  userId: string;
  name: string;
  roles: Role[];
  orgId?: string;
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true, enum: ['wecom', 'dingtalk'] },
    userId: { type: String, required: true },
    name: { type: String, required: true },
    roles: { type: [String], enum: ['teacher', 'liaison', 'official', 'admin'], default: [] },
    orgId: { type: String },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
schema.index({ orgId: 1 });

export const personModel = defineModel<PersonRow>('people', schema);
