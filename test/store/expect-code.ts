/** Assertions shared by the store contract files. */
import { isAppError, type AppErrorCode } from '../../src/core/errors';

export async function expectCode(promise: Promise<unknown>, code: AppErrorCode, message?: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(err, code)) throw new Error(`expected AppError(${code}), got ${err === undefined ? 'success' : String(err)}`);
  if (message) expect(err.message).toMatch(message);
}

export const ids = (docs: { _id: string }[]): string[] => docs.map((d) => d._id).sort();
