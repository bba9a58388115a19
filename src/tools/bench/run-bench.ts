/**
 * `npm run bench`: every figure of FIGURES measured in one run, then one table: figure, measured, goal, met?
 * `BENCH_ONLY=<name>[,<name>]` runs only those figures (names: see figures.ts).
 */
import { cpus, loadavg } from 'node:os';
import type { FigureLine } from './figure';
import { FIGURES } from './figures';

function selected(): typeof FIGURES {
  const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (only.length === 0) return FIGURES;
  const unknown = only.filter((n) => !FIGURES.some((f) => f.name === n));
  if (unknown.length > 0) throw new Error(`BENCH_ONLY: unknown figure ${unknown.join(', ')} (known: ${FIGURES.map((f) => f.name).join(', ')})`);
  return FIGURES.filter((f) => only.includes(f.name));
}

function printTable(lines: FigureLine[]): void {
  const rows = [['figure', 'measured', 'goal', 'met?'], ...lines.map((l) => [l.figure, l.measured, l.goal, l.met === undefined ? '—' : l.met ? 'yes' : 'no'])];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  console.log(line(rows[0]!));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

async function main(): Promise<void> {
  const lines: FigureLine[] = [];
  for (const figure of selected()) {
    const started = performance.now();
    console.error(`bench: ${figure.name} …`);
    try {
      lines.push(...(await figure.run()));
    } catch (e) {
      lines.push({ figure: figure.name, measured: `failed: ${(e as Error).message.split('\n').slice(0, 2).join(' ').slice(0, 120)}`, goal: '—', met: false });
    }
    console.error(`bench: ${figure.name} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
  const host = `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), load ${loadavg()[0]!.toFixed(1)}, node ${process.version}`;
  console.log(`\nnpm run bench, ${new Date().toISOString().slice(0, 10)}, ${host}\n`);
  printTable(lines);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
