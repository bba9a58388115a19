import { sqlPlan } from '../../src/store/engines/sql-plan';
import { tableLayout } from '../../src/store/engines/table-layout';
import { outboxModel } from '../../src/store/outbox.model';
import { indexedItemModel } from './contract-models';

describe('sqlPlan', () => {
  const items = tableLayout(indexedItemModel.schema, indexedItemModel.name);

  it('says $nin on a column in SQL alone, a missing value included unless null is listed', () => {
    const plain = sqlPlan(items, { n: { $nin: [1, 2] } });
    expect(plain.exact).toBe(true);
    expect(plain.where).toMatch(/IS NULL OR .* NOT IN/);
    const withNull = sqlPlan(items, { n: { $nin: [1, null] } });
    expect(withNull.exact).toBe(true);
    expect(withNull.where).toMatch(/IS NOT NULL AND .* NOT IN/);
  });

  it('leaves to JavaScript a $nin value of another type than its column', () => {
    expect(sqlPlan(items, { n: { $nin: ['x'] } }).exact).toBe(false);
  });

  it("answers the outbox relay's lease query in SQL, in index order", () => {
    const outbox = tableLayout(outboxModel.schema, outboxModel.name);
    const plan = sqlPlan(outbox, { status: 'pending', availableAt: { $lte: new Date() }, destKey: { $nin: ['wecom:u:a', 'wecom:u:b'] } }, { createdAt: 1 });
    expect(plan.exact).toBe(true);
    expect(plan.orderBy).not.toBeNull();
  });
});

describe('sqlPlan $or', () => {
  const items = tableLayout(indexedItemModel.schema, indexedItemModel.name);
  it('says an $or of conditions on columns and _id in SQL alone, with its parameters in order', () => {
    const plan = sqlPlan(items, { status: 'new', $or: [{ _id: 'a' }, { n: { $gte: 2, $lt: 5 } }] });
    expect(plan.exact).toBe(true);
    expect(plan.oneRow).toBe(false);
    expect(plan.where).toBe('"k:status" = ? AND ((id = ?) OR ("k:n" >= ? AND "k:n" < ?))');
    expect(plan.params).toEqual(['new', 'a', 2, 5]);
  });
  it('narrows by an $or SQL says in part, and leaves the rest to JavaScript', () => {
    const plan = sqlPlan(items, { $or: [{ _id: 'a', 'meta.color': 'red' }, { n: 1 }] });
    expect(plan.exact).toBe(false);
    expect(plan.where).toBe('((id = ?) OR ("k:n" = ?))');
  });
  it('adds nothing for an $or with a branch SQL says nothing of', () => {
    const plan = sqlPlan(items, { $or: [{ 'meta.color': 'red' }, { n: 1 }] });
    expect(plan.exact).toBe(false);
    expect(plan.where).toBe('1');
  });
});

describe('sqlPlan oneRow', () => {
  const items = tableLayout(indexedItemModel.schema, indexedItemModel.name);
  it('holds for an equality on _id, beside conditions SQL cannot say', () => {
    expect(sqlPlan(items, { _id: 'a', 'meta.color': 'red' }).oneRow).toBe(true);
    expect(sqlPlan(items, { _id: { $eq: 'a' } }).oneRow).toBe(true);
  });
  it('does not hold for a set or range of ids', () => {
    expect(sqlPlan(items, { _id: { $in: ['a', 'b'] } }).oneRow).toBe(false);
    expect(sqlPlan(items, { _id: { $gte: 'a' } }).oneRow).toBe(false);
    expect(sqlPlan(items, { status: 'new' }).oneRow).toBe(false);
  });
});

describe('tableLayout', () => {
  it("indexes _id as the row's own id column, not a copy of it", async () => {
    const { reportModel } = await import('../../src/store/report.model');
    const layout = tableLayout(reportModel.schema, reportModel.name);
    const todo = layout.indexes.find((ix) => ix.columns.some((c) => c.path === 'routedTo'))!;
    expect(todo.columns.map((c) => c.sql)).toEqual(['"k:routedTo"', '"k:status"', '"k:createdAt"', 'id']);
    expect(layout.columns.map((c) => c.path)).not.toContain('_id');
  });
});
