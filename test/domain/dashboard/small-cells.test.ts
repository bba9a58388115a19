/** No statistic shows a cell of 1 or 2 teachers' reports, and no total gives one back by subtraction. */
import { cellOut, totalOut, type Cell, type Words } from '../../../src/domain/dashboard/small-cells';

const w: Words = { masked: '<3', atLeast: (n) => `≥${n}` };
const c = (value: number, reports = value): Cell => ({ value, reports });

describe('small cells', () => {
  it('masks 1 and 2, shows 0 and 3', () => {
    expect([0, 1, 2, 3].map((n) => cellOut(c(n), w))).toEqual([0, '<3', '<3', 3]);
    // Monthly answers are not anonymous: 2 items of a point are shown.
    expect(cellOut(c(2, 0), w)).toBe(2);
  });

  it('gives a lower bound for a total that holds a masked cell, and masks a total of 1 or 2', () => {
    expect(totalOut([c(3), c(4)], w)).toEqual({ out: 7, value: 7 });
    expect(totalOut([c(3), c(1)], w)).toEqual({ out: '≥3', value: 3 });
    expect(totalOut([c(1), c(0)], w)).toEqual({ out: '<3', value: 0 });
    expect(totalOut([c(1), c(1)], w)).toEqual({ out: '<3', value: 0 });
    expect(totalOut([c(1), c(2)], w)).toEqual({ out: '≥0', value: 0 });
    expect(totalOut([c(12.5, 3), c(6, 1)], { ...w, format: (n) => n.toFixed(1) })).toEqual({ out: '≥12.5', value: 12.5 });
  });
});
