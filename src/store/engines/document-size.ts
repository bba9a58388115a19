import mongoose from 'mongoose';
import { AppError } from '../../core/errors';

/** MongoDB's largest document (maxBsonObjectSize); the embedded engine refuses what MongoDB would. */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * A document whose JSON (document-json.ts's, or SQLite's minified rewrite of it) is at most this long surely
 * fits in MAX_DOCUMENT_BYTES of BSON, so its BSON size need not be worked out. Per character of JSON, BSON
 * takes at most 9 bytes: the worst is a number in an array ("1," is 2 characters; its BSON element is a type
 * byte, the index as a key of up to 7 digits and its NUL, and 8 bytes of double: 17); a string's character is
 * at most 4 bytes of UTF-8 (3 for a UTF-16 unit, 4 for a pair, which JSON counts as 2 units and SQLite as one
 * character); a key, null, a boolean, a Date ({"$$date":…}) or an empty object is longer in JSON than in BSON.
 * The outer document adds 5 bytes.
 */
export const JSON_SURELY_FITS = Math.floor((MAX_DOCUMENT_BYTES - 5) / 9);

/** Throws AppError('validation_failed') when `doc` (written as `json`) is over MongoDB's size. */
export function assertDocumentFits(doc: Record<string, unknown>, json: string): void {
  if (json.length <= JSON_SURELY_FITS) return;
  const bytes = mongoose.mongo.BSON.calculateObjectSize(doc, { ignoreUndefined: true });
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new AppError('validation_failed', `document too large: ${bytes} bytes of BSON, more than MongoDB's ${MAX_DOCUMENT_BYTES}`);
  }
}
