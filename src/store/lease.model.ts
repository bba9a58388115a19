import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** The process behind a lease, so that a holder that died on this machine can be told from a live one. */
export interface LeaseHolder {
  host: string;
  bootId: string;
  pid: number;
}

/** A named lease held by one process at a time (`_id` = the lease's name), renewed while it lives. */
export interface LeaseRow {
  _id: string;
  owner: string;
  leaseUntil: Date;
  updatedAt: Date;
  holder?: LeaseHolder;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    leaseUntil: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    holder: {
      type: new Schema({ host: { type: String, required: true }, bootId: { type: String, default: '' }, pid: { type: Number, required: true } }, { _id: false }),
      required: false,
    },
  },
  { versionKey: false },
);

export const leaseModel = defineModel<LeaseRow>('leases', schema);
