// The eight RFM classes as their 2 × 4 table: important (M high) above general (M low),
// and across, recency and frequency high or low — value, develop, keep, win back.
// Each cell is shaded by its share of the profit and says its customers and that share,
// so the table the practice draws by hand reads at a glance.

import type { TopLevelSpec } from 'vega-lite';
import { baseConfig, INK, title, VL_SCHEMA } from './common';
import { RFM_CLASSES } from '../model/rfm';
import type { Lang } from '../lang/lang';

export interface RfmCell {
  rfm_class: string;
  customers: number;
  share_customers: number | null;
  profit: number | null;
  share_profit: number | null;
}

export interface RfmMatrixLabels {
  title: string;
  description: string;
  /** Column heads for (R, F): ↑↑, ↑↓, ↓↑, ↓↓. */
  columns: [string, string, string, string];
  /** Row heads: M high, M low. */
  rows: [string, string];
  customers: string;
  shareCustomers: string;
  shareProfit: string;
  profit: string;
}

export function rfmMatrixSpec(cells: readonly RfmCell[], lang: Lang, labels: RfmMatrixLabels): TopLevelSpec {
  const byCode = new Map(cells.map((c) => [c.rfm_class, c]));
  const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
  const values = RFM_CLASSES.map((k) => {
    const c = byCode.get(k.code);
    const share = c?.share_profit ?? null;
    return {
      code: k.code,
      name: k.label[lang],
      column: labels.columns[(k.r ? 0 : 2) + (k.f ? 0 : 1)],
      row: labels.rows[k.m ? 0 : 1],
      customers: c?.customers ?? 0,
      share_customers: c?.share_customers ?? null,
      profit: c?.profit ?? null,
      share_profit: share,
      // Loss-making classes shade as none: the scale is the share of the profit that is there.
      shade: share !== null && share > 0 ? share : 0,
      line2: `${(c?.customers ?? 0).toLocaleString(locale)} · ${share === null ? '–' : `${(share * 100).toLocaleString(locale, { maximumFractionDigits: 1 })}%`}`,
    };
  });
  const top = Math.max(0.01, ...values.map((v) => v.shade));
  const x = { field: 'column', type: 'nominal' as const, sort: [...labels.columns], title: null, axis: { orient: 'top' as const, labelAngle: 0, domain: false, ticks: false, labelFontSize: 12 } };
  const y = { field: 'row', type: 'nominal' as const, sort: [...labels.rows], title: null, axis: { domain: false, ticks: false, labelFontSize: 12 } };
  // Text turns white on the darkest cells only.
  const ink = { condition: { test: `datum.shade > ${top * 0.55}`, value: '#ffffff' }, value: INK };
  return {
    $schema: VL_SCHEMA,
    description: labels.description,
    title: title(labels.title),
    width: 440,
    height: 150,
    data: { values },
    encoding: { x, y },
    layer: [
      {
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 2 },
        encoding: {
          color: { field: 'shade', type: 'quantitative', title: labels.shareProfit, scale: { scheme: 'blues', domain: [0, top] }, legend: { format: '.0%', orient: 'right' } },
          tooltip: [
            { field: 'name', title: ' ' },
            { field: 'customers', title: labels.customers, format: ',d' },
            { field: 'share_customers', title: labels.shareCustomers, format: '.1%' },
            { field: 'profit', title: labels.profit, format: ',.0f' },
            { field: 'share_profit', title: labels.shareProfit, format: '.1%' },
          ],
        },
      },
      { mark: { type: 'text', dy: -8, fontSize: 12, fontWeight: 600 }, encoding: { text: { field: 'name' }, color: ink } },
      { mark: { type: 'text', dy: 9, fontSize: 11 }, encoding: { text: { field: 'line2' }, color: ink } },
    ],
    config: baseConfig(),
  } as TopLevelSpec;
}
