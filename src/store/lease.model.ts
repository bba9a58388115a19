import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** A named lease held by one process at a time (`_id` = the lease's name), renewed while it lives. */
export interface LeaseRow {
  _id: string;
  owner: string;
  leaseUntil: Date;
  updatedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const leaseModel = defineModel<LeaseRow>('leases', schema);
