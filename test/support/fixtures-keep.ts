// A small user export for the keep/share tests: order lines of 30 customers
// with Chinese headers, ¥ amounts and names that try formula injection, as
// GB18030 bytes (what Excel on Chinese Windows writes). Deterministic.

import { csvText, gb18030 } from './fixtures-ingest';

export interface KeepFixture {
  /** id → name, in id order. */
  customers: { id: string; name: string }[];
  csv: string;
  bytes: Uint8Array;
}

const NAMES = ['华东机械', '江南电子', '北方物流', '西部矿业', '东海化工', '南粤食品', '中原纺织', '天府建材'];

export function keepFixture(n = 30): KeepFixture {
  let seed = 8;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const customers = Array.from({ length: n }, (_, i) => ({
    id: `K${String(i + 1).padStart(3, '0')}`,
    // Three hostile names: a formula, a command, a leading minus; the rest Chinese.
    name: i === 0 ? '=HYPERLINK("http://evil.example","点我")' : i === 1 ? '@SUM(A1:A9)' : i === 2 ? '-2+3' : `${NAMES[i % NAMES.length]}${i + 1}号`,
  }));
  const rows: (string | number)[][] = [['客户编号', '客户名称', '订单号', '订单日期', '销售额', '利润']];
  let order = 1000;
  for (const c of customers) {
    const k = 1 + Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) {
      const amount = Math.round((500 + rand() * 90000) * 100) / 100;
      const profit = Math.round(amount * (rand() * 0.5 - 0.1) * 100) / 100;
      rows.push([c.id, c.name, `SO${order++}`, `2025/${1 + Math.floor(rand() * 12)}/${1 + Math.floor(rand() * 28)}`, `¥${amount.toLocaleString('en-US', { minimumFractionDigits: 2 })}`, profit.toFixed(2)]);
    }
  }
  const csv = csvText(rows);
  return { customers, csv, bytes: gb18030(csv) };
}
