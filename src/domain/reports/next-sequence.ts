import { isAppError } from '../../core/errors';
import type { StoreEngine } from '../../store/collection';
import { counterModel } from '../../store/counter.model';

/**
 * The next value (1, 2, ...) of the named sequence: one atomic `$inc` with upsert (see counter.model.ts).
 * A concurrent first call on an old MongoDB may lose the upsert race with duplicate_key; the document then
 * exists, and the single retry is a plain atomic increment.
 */
export async function nextSequence(store: StoreEngine, name: string): Promise<number> {
  const counters = store.collection(counterModel);
  const inc = () => counters.findOneAndUpdate({ _id: name }, { $inc: { value: 1 } }, { upsert: true });
  let row;
  try {
    row = await inc();
  } catch (err) {
    if (!isAppError(err, 'duplicate_key')) throw err;
    row = await inc();
  }
  if (!row) throw new Error(`sequence ${name}: upsert returned nothing`);
  return row.value;
}

/** Raises the sequence to at least `value` (never lowers it): repairs a counter that was lost or reset. */
export async function raiseSequence(store: StoreEngine, name: string, value: number): Promise<void> {
  const counters = store.collection(counterModel);
  try {
    // Creates a missing counter at `value`; a no-op on an existing one.
    await counters.updateOne({ _id: name }, { $setOnInsert: { value } }, { upsert: true });
  } catch (err) {
    if (!isAppError(err, 'duplicate_key')) throw err; // created concurrently: the update below applies
  }
  await counters.updateOne({ _id: name, value: { $lt: value } }, { $set: { value } });
}
