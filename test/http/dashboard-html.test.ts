/** The dashboard's HTML and SVG escape whatever a table holds (an organising unit is typed by a teacher). */
import { join } from 'node:path';
import { loadDashboardHtml } from '../../src/http/dashboard-html';
import { svgBars } from '../../src/http/svg-bars';
import { projectRoot } from '../../src/project-root';

const html = loadDashboardHtml(join(projectRoot(), 'templates', 'dashboard'));
const evil = '<img src=x onerror=alert(1)>"&\'';

describe('dashboard html', () => {
  it('escapes cells, titles, notes and chart labels', () => {
    const page = html.page(
      { id: 'overview', title: evil, period: '2026-11', year: 2026, tables: [{ id: 'ledger', title: evil, note: evil, columns: [evil], rows: [[evil, evil, 3]], chart: [{ label: evil, value: 1, text: evil }] }] },
      { name: evil, scope: evil },
      '?period=2026-11',
    );
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;&quot;&amp;&#39;');
    expect(page).not.toMatch(/<script/i);
  });

  it('draws one bar per row, scaled to the largest or to its own maximum', () => {
    const svg = svgBars([{ label: 'A', value: 10, text: '10' }, { label: 'B', value: 5, text: '5' }, { label: 'C', value: 1, max: 4, text: '1/4' }], 't');
    const widths = [...svg.matchAll(/<rect x="130" y="\d+" width="(\d+)" height="18" fill="#2f6fb2">/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([220, 110, 55]);
    expect(svgBars([], 't')).toBe('');
    expect(svgBars([{ label: 'A', value: 0, text: '0' }], 't')).toBe('');
  });
});
