/**
 * A horizontal bar chart as inline SVG, drawn on the server: no script, no chart library, nothing for the
 * phone to download or run, and it prints. Every text is XML-escaped; lengths are numbers we computed.
 */
import Mustache from 'mustache';
import type { ChartBar } from '../core/data-table';

const ROW = 30;
const WIDTH = 430;
const LABEL_W = 130;
const BAR_W = 220;
const esc = (s: string) => Mustache.escape(s);
const clipLabel = (s: string) => ([...s].length > 8 ? `${[...s].slice(0, 7).join('')}…` : s);

export function svgBars(bars: readonly ChartBar[], title: string): string {
  // All nought says nothing a table does not say better (a masked "<3" is drawn: its text says something).
  if (bars.every((b) => b.value <= 0 && b.text === '0')) return '';
  const largest = Math.max(1, ...bars.map((b) => b.value));
  const h = bars.length * ROW + 8;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    const scale = b.max !== undefined && b.max > 0 ? b.max : largest;
    const w = Math.max(b.value > 0 ? 2 : 0, Math.round((Math.min(b.value, scale) / scale) * BAR_W));
    return [
      `<g class="bar" data-label="${esc(b.label)}" data-value="${esc(b.text)}">`,
      `<title>${esc(b.label)}: ${esc(b.text)}</title>`,
      `<text x="${LABEL_W - 8}" y="${y + 19}" text-anchor="end" font-size="14" fill="#333">${esc(clipLabel(b.label))}</text>`,
      `<rect x="${LABEL_W}" y="${y + 5}" width="${BAR_W}" height="18" fill="#eef1f5"></rect>`,
      `<rect x="${LABEL_W}" y="${y + 5}" width="${w}" height="18" fill="#2f6fb2"></rect>`,
      `<text x="${LABEL_W + BAR_W + 8}" y="${y + 19}" font-size="14" fill="#111">${esc(b.text)}</text>`,
      '</g>',
    ].join('');
  });
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${h}" width="100%" role="img" aria-label="${esc(title)}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
}
