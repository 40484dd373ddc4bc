// Page labels in zh-CN and en. The default follows the browser.

export type Lang = 'zh' | 'en';

const zh = {
  appTitle: '大客户分级',
  appSubtitle: '在浏览器里完成的客户价值分级：数据不离开本机。',
  loadingEngine: '正在启动 DuckDB 引擎…',
  loadingData: '正在载入示例数据…',
  grading: '正在评分与分级…',
  failed: '出错了',
  stepData: '数据',
  stepDataText: '示例数据（Superstore）载入 DuckDB：订单行 → 订单 → 客户。',
  stepScore: '指标与评分',
  stepScoreText: '每个指标按百分位排名换算为 0–100 分（越好排名越高），按权重加权平均为综合得分。',
  stepGrades: '分级结果',
  stepGradesText: '按得分排名分级：前 20% 为 A，其后 30% 为 B，再 30% 为 C，其余为 D。',
  stepCustomers: '客户清单',
  stepCustomersText: '点击列标题排序；显示前 100 位。',
  table: '表',
  rows: '行数',
  metric: '指标',
  definition: '定义',
  weight: '权重',
  weightShare: '占比',
  notInData: '数据中没有，已从评分中剔除',
  missingNote: '缺少的指标不参与评分，其余权重按比例放大。',
  grade: '等级',
  customers: '客户数',
  shareCustomers: '客户占比',
  orderAmount: '订货金额',
  shareAmount: '金额占比',
  profit: '利润',
  shareProfit: '利润占比',
  total: '合计',
  rank: '排名',
  customerId: '客户编号',
  customerName: '客户名称',
  score: '得分',
  margin: '利润率',
  orderCount: '订单数',
  firstOrder: '首单日期',
  lastOrder: '末单日期',
  showSql: '显示 SQL',
  hideSql: '隐藏 SQL',
  copy: '复制',
  copied: '已复制',
  pyramidTitle: '客户数金字塔与利润倒金字塔',
  pyramidDescription: '左：各等级客户数占比；右：各等级利润占比。A 级客户少而利润多。',
  loss: '亏损',
  lossMaking: '亏损客户',
  attribution: '示例数据：Tableau “Sample - Superstore”（规范化版本），来自 tableau/hyper-api-samples，MIT 许可，© 2020 Tableau。',
  privacy: '所有计算都在本浏览器中完成，客户数据不会上传。',
  language: 'English',
  showingOf: '显示 {n} 位，共 {total} 位',
  retry: '重试',
};

type Messages = typeof zh;

const en: Messages = {
  appTitle: 'Key-account grading',
  appSubtitle: 'Customer value grading that runs in your browser: your data stays on this machine.',
  loadingEngine: 'Starting the DuckDB engine…',
  loadingData: 'Loading the sample data…',
  grading: 'Scoring and grading…',
  failed: 'Something went wrong',
  stepData: 'Data',
  stepDataText: 'The Superstore sample loaded into DuckDB: order lines → orders → customers.',
  stepScore: 'Metrics and score',
  stepScoreText: 'Each metric becomes 0–100 by percentile rank (better ranks higher); the score is their weighted average.',
  stepGrades: 'Grades',
  stepGradesText: 'Graded by score rank: the top 20% are A, the next 30% B, the next 30% C, the rest D.',
  stepCustomers: 'Customers',
  stepCustomersText: 'Click a column header to sort; the first 100 are shown.',
  table: 'Table',
  rows: 'Rows',
  metric: 'Metric',
  definition: 'Definition',
  weight: 'Weight',
  weightShare: 'Share',
  notInData: 'not in the data, left out of the score',
  missingNote: 'Missing metrics do not count; the other weights are scaled up in proportion.',
  grade: 'Grade',
  customers: 'Customers',
  shareCustomers: 'Share of customers',
  orderAmount: 'Order amount',
  shareAmount: 'Share of amount',
  profit: 'Profit',
  shareProfit: 'Share of profit',
  total: 'Total',
  rank: 'Rank',
  customerId: 'Customer ID',
  customerName: 'Customer name',
  score: 'Score',
  margin: 'Margin',
  orderCount: 'Orders',
  firstOrder: 'First order',
  lastOrder: 'Last order',
  showSql: 'Show SQL',
  hideSql: 'Hide SQL',
  copy: 'Copy',
  copied: 'Copied',
  pyramidTitle: 'Customer pyramid and inverted profit pyramid',
  pyramidDescription: 'Left: share of customers per grade; right: share of profit per grade. Few A customers earn most of the profit.',
  loss: 'loss',
  lossMaking: 'Loss-making customers',
  attribution: 'Sample data: Tableau "Sample - Superstore" (normalized), from tableau/hyper-api-samples, MIT License © 2020 Tableau.',
  privacy: 'Everything is computed in this browser; no customer data is uploaded.',
  language: '中文',
  showingOf: 'Showing {n} of {total}',
  retry: 'Retry',
};

export const MESSAGES: Record<Lang, Messages> = { zh, en };
export type MessageKey = keyof Messages;

/** Fill {placeholders} in a message. */
export function fill(message: string, values: Record<string, string>): string {
  return message.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);
}

export function defaultLang(languages: readonly string[]): Lang {
  for (const l of languages) {
    const low = l.toLowerCase();
    if (low.startsWith('zh')) return 'zh';
    if (low.startsWith('en')) return 'en';
  }
  return 'zh';
}

export function localeOf(lang: Lang): string {
  return lang === 'zh' ? 'zh-CN' : 'en-US';
}
