import { Schema } from 'mongoose';
import { defineModel } from './collection';

/** WeCom delivers images of at most 2 MB; evidence items larger than this are refused. */
export const MEDIA_MAX_BYTES = 2 * 1024 * 1024;

/**
 * Evidence bytes kept with a report (`_id` random, URL-safe). A draft's media are saved while the teacher is
 * still answering, so they start with `expiresAt` (TTL) and lose it when a report that cites them is
 * submitted (`caseNumber` set): media of an abandoned draft are deleted by the store, not kept forever.
 *
 * The bytes are stored as BASE64 TEXT, not as a Buffer: the embedded engine stores documents as JSON, where a
 * Buffer would come back as `{ "type": "Buffer", "data": [137, 80, ...] }`. A string is stored identically by both
 * engines; 2 MB become about 2.7 MB of text, far below MongoDB's 16 MB document limit.
 * Reads go through the service (getMedia), which decodes to a Buffer and re-checks `sha256`.
 */
export interface MediaRow {
  _id: string;
  /** A MIME type as the channel gave it ("image/jpeg"). */
  contentType: string;
  /** The bytes, base64 (standard alphabet, padded). */
  base64: string;
  /** Byte length (of the decoded bytes). */
  size: number;
  /** Hex SHA-256 of the bytes: integrity, and evidence that a file shown later is the one received. */
  sha256: string;
  /** reporterHash() of the account that sent it: only that account can cite it in a report. Never shown. */
  ownerHash: string;
  /** The report citing it, once submitted. */
  caseNumber?: string;
  createdAt: Date;
  /** Unattached media expire (TTL); unset when attached to a report. */
  expiresAt?: Date;
}

const schema = new Schema(
  {
    _id: { type: String, required: true },
    contentType: { type: String, required: true, maxlength: 200, match: /^[A-Za-z0-9!#$&^_.+-]+\/[A-Za-z0-9!#$&^_.+-]+$/ },
    // ceil(2 MiB / 3) * 4 characters.
    base64: { type: String, required: true, maxlength: Math.ceil(MEDIA_MAX_BYTES / 3) * 4 },
    size: { type: Number, required: true, min: 1, max: MEDIA_MAX_BYTES },
    sha256: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    ownerHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    caseNumber: { type: String },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date },
  },
  { versionKey: false },
);
schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
schema.index({ caseNumber: 1 });

export const mediaModel = defineModel<MediaRow>('media', schema);
