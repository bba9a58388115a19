/**
 * `npm run eval:rules`: detection quality of the rule matcher on the labelled set in test/fixtures/rules,
 * per catalog and overall, for the tuning part and the held-out part separately, and the misses of the
 * tuning part only (the held-out part is never looked at while tuning). Goal on the held-out part:
 * recall >= 0.9, false alarms <= 0.05.
 */
import { join } from 'node:path';
import { loadRuleBook } from '../domain/rules/load-catalogs';
import { projectRoot } from '../project-root';
import { evaluateRules, falseAlarmRate, recall, type PartFigures, type Tally } from './evaluate-rules';
import { loadLabelledSet } from './labelled-set';

// Only for the secondment and deadline conditions' "today"; the labelled sentences carry no dates.
const NOW = new Date('2026-11-26T02:00:00Z');

const pct = (x: number) => (Number.isNaN(x) ? '   -' : x.toFixed(2));

function row(label: string, t: Tally): string {
  return `  ${label.padEnd(22)} ${String(t.shouldMatch).padStart(6)}  ${pct(recall(t)).padStart(6)}   ${String(t.harmless).padStart(8)}  ${pct(falseAlarmRate(t)).padStart(6)} (${t.falseAlarms})`;
}

function table(f: PartFigures, documents: Map<string, string>): string[] {
  return [
    `${f.part} part: ${f.sentences} sentences`,
    `  ${'catalog'.padEnd(22)} ${'breaks'.padStart(6)}  ${'recall'.padStart(6)}   ${'harmless'.padStart(8)}  false alarms`,
    ...[...f.perCatalog].map(([id, t]) => row(`${id}`, t) + `  ${documents.get(id) ?? ''}`),
    row('overall', f.overall),
  ];
}

function missLines(f: PartFigures): string[] {
  if (f.misses.length === 0) return ['misses (tuning part): none'];
  return [
    `misses (tuning part): ${f.misses.length}`,
    ...f.misses.map(({ sentence: s, got }) => {
      const want = s.accept.length > 0 ? s.accept.join(' | ') : 'nothing';
      const raised = got.length > 0 ? got.slice(0, 3).map((m) => `${m.ruleId} ${m.confidence} [${m.evidence}]`).join('; ') : 'nothing';
      return `  [${s.region}] ${s.text}\n      want ${want}\n      got  ${raised}`;
    }),
  ];
}

function main(): void {
  const root = projectRoot();
  const book = loadRuleBook(join(root, 'templates', 'rules'));
  const set = loadLabelledSet(join(root, 'test', 'fixtures', 'rules'));
  const documents = new Map(book.catalogs.map((c) => [c.id, c.document]));
  const tuning = evaluateRules(set, book, 'tuning', NOW);
  const held = evaluateRules(set, book, 'held-out', NOW);
  const out = [
    `labelled set: ${set.length} sentences (${tuning.sentences} tuning, ${held.sentences} held out); recall = first match acceptable, false alarms = a harmless sentence raises any rule`,
    '',
    ...table(tuning, documents),
    '',
    ...table(held, documents),
    `  goal on the held-out part: recall >= 0.90 (${pct(recall(held.overall))}), false alarms <= 0.05 (${pct(falseAlarmRate(held.overall))})`,
  ];
  if (!process.argv.includes('--quiet')) out.push('', ...missLines(tuning));
  console.log(out.join('\n'));
}

main();
