import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** One row: when this installation (this store) first started. */
export interface InstallationRow {
  _id: string;
  firstStartAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    firstStartAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const installationModel = defineModel<InstallationRow>('installation', schema);
