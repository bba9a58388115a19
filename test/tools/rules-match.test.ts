/** `npm run rules:match`: one output line per input line, in order, best rule first; a bad line gets an error, never a crash. */
import { join } from 'node:path';
import { loadRuleBook } from '../../src/domain/rules/load-catalogs';
import { projectRoot } from '../../src/project-root';
import { rulesMatch } from '../../src/tools/rules-match';

const book = loadRuleBook(join(projectRoot(), 'templates', 'rules'));
const NOW = new Date('2026-11-26T10:00:00+08:00');

async function run(lines: string[], region = 'NX'): Promise<unknown[]> {
  const out: string[] = [];
  async function* input() {
    yield* lines;
  }
  await rulesMatch(input(), (s) => out.push(s), book, region, NOW);
  return out.join('').trimEnd().split('\n').map((l) => JSON.parse(l));
}

describe('rules:match', () => {
  it('answers each line in order, best rule first, and a bad line with an error for its id', async () => {
    const out = await run([
      JSON.stringify({ id: 'a', kind: 'complaint', text: '市里搞了个公众号评选，每人每天投三票' }),
      '{not json',
      JSON.stringify({ id: 7, kind: 'monthly', secondments: [{ to: '县创城办', since: '2025-08-01' }] }),
      JSON.stringify({ id: 'b', kind: 'nonsense', text: 'x' }),
      JSON.stringify({ id: 'c', kind: 'burden', text: '我们学校被评为文明校园，下周挂牌' }),
      JSON.stringify({ id: 'd', kind: 'complaint', text: '这个月', secondments: [{ to: 'x', since: '2025-13-01' }] }),
    ]);
    expect(out.map((o) => (o as { id: unknown }).id)).toEqual(['a', null, 7, 'b', 'c', 'd']);
    const [a, bad, seven, b, c, d] = out as Array<{ rules?: Array<{ ruleId: string; clause: string; confidence: number }>; error?: string }>;
    expect(a!.rules![0]).toEqual({ ruleId: 'nmg-2020-3#15', clause: '厅发〔2020〕3号 第15条', confidence: expect.any(Number) });
    const confidences = a!.rules!.map((r) => r.confidence);
    expect([...confidences].sort((x, y) => y - x)).toEqual(confidences);
    expect(bad!.error).toBe('not JSON');
    expect(seven!.rules!.map((r) => r.ruleId)).toContain('nmg-2020-3#20');
    expect(b!.error).toMatch(/^kind: /);
    expect(c!.rules).toEqual([]);
    expect(d!.error).toMatch(/^secondments\.0\.since: /);
  });

  it('reads the region by abbreviation or division code, and refuses an unknown one', async () => {
    const line = JSON.stringify({ id: 1, kind: 'complaint', text: '红十字会搞募捐，要求每班捐款不少于三百' });
    expect(((await run([line], 'AS'))[0] as { rules: Array<{ ruleId: string }> }).rules[0]!.ruleId).toBe('anshun-2021-3#2');
    expect(((await run([line], '520402'))[0] as { rules: Array<{ ruleId: string }> }).rules[0]!.ruleId).toBe('anshun-2021-3#2');
    await expect(run([line], 'ZZ')).rejects.toThrow(/unknown region ZZ/);
  });
});
