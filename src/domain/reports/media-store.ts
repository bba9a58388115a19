import { createHash, randomBytes } from 'node:crypto';
import { AppError } from '../../core/errors';
import type { StoreEngine } from '../../store/collection';
import { MEDIA_MAX_BYTES, mediaModel } from '../../store/media.model';
import { DraftInvalidError } from './draft-invalid-error';

/** How long evidence of a draft that was never submitted is kept (the store deletes it then, see media.model.ts). */
export const UNATTACHED_MEDIA_TTL_MS = 14 * 24 * 3600 * 1000;

const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

export interface StoredMedia {
  id: string;
  contentType: string;
  bytes: Buffer;
  size: number;
  sha256: string;
  caseNumber?: string;
}

export interface MediaStore {
  /** Saves evidence bytes of the account `ownerHash`; returns the new media id. */
  save(bytes: Uint8Array, contentType: string, ownerHash: string): Promise<string>;
  /** How many of `ids` exist, belong to `ownerHash` and are not yet cited by another case. */
  countUsable(ids: string[], ownerHash: string, caseNumber?: string): Promise<number>;
  /** Marks the media as cited by the case: no longer expiring. Idempotent. */
  attach(ids: string[], ownerHash: string, caseNumber: string): Promise<void>;
  /** The bytes, checked against their SHA-256; null when unknown (or expired). */
  get(id: string): Promise<StoredMedia | null>;
}

export function createMediaStore(store: StoreEngine, now: () => Date): MediaStore {
  const media = store.collection(mediaModel);
  return {
    async save(bytes, contentType, ownerHash) {
      if (!(bytes instanceof Uint8Array) || bytes.byteLength === 0) throw new DraftInvalidError('evidence', 'invalid');
      if (bytes.byteLength > MEDIA_MAX_BYTES) throw new DraftInvalidError('evidence', 'too_long', MEDIA_MAX_BYTES);
      const type = typeof contentType === 'string' ? contentType.trim().toLowerCase() : '';
      if (type.length > 200 || !CONTENT_TYPE.test(type)) throw new DraftInvalidError('contentType', 'invalid');
      const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const at = now();
      const id = randomBytes(16).toString('base64url');
      await media.insertOne({
        _id: id,
        contentType: type,
        base64: buf.toString('base64'),
        size: buf.byteLength,
        sha256: createHash('sha256').update(buf).digest('hex'),
        ownerHash,
        createdAt: at,
        expiresAt: new Date(at.getTime() + UNATTACHED_MEDIA_TTL_MS),
      });
      return id;
    },
    async countUsable(ids, ownerHash, caseNumber) {
      if (ids.length === 0) return 0;
      const free: Record<string, unknown>[] = [{ caseNumber: { $exists: false } }];
      if (caseNumber) free.push({ caseNumber });
      return media.count({ _id: { $in: ids }, ownerHash, $or: free });
    },
    async attach(ids, ownerHash, caseNumber) {
      if (ids.length === 0) return;
      await media.updateMany(
        { _id: { $in: ids }, ownerHash, $or: [{ caseNumber: { $exists: false } }, { caseNumber }] },
        { $set: { caseNumber }, $unset: { expiresAt: 1 } },
      );
    },
    async get(id) {
      if (typeof id !== 'string' || id === '') return null;
      const row = await media.findOne({ _id: id });
      if (!row) return null;
      const bytes = Buffer.from(row.base64, 'base64');
      if (bytes.byteLength !== row.size || createHash('sha256').update(bytes).digest('hex') !== row.sha256) {
        throw new AppError('internal', `media ${id} does not match its checksum`);
      }
      return {
        id: row._id,
        contentType: row.contentType,
        bytes,
        size: row.size,
        sha256: row.sha256,
        ...(row.caseNumber !== undefined ? { caseNumber: row.caseNumber } : {}),
      };
    },
  };
}
