import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** One row: the SHA-256 of the directory file last loaded whole at start, so an unchanged file is not loaded again. */
export interface DirectoryFingerprintRow {
  _id: string;
  sha256: string;
  loadedAt: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    sha256: { type: String, required: true },
    loadedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const directoryFingerprintModel = defineModel<DirectoryFingerprintRow>('directory_fingerprint', schema);
