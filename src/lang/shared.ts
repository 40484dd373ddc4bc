// Words more than one feature's messages use, defined once: a feature's table
// (src/lang/messages.ts) carries them, and test/unit/messages.test.ts fails when a
// feature defines one again (that is how "Customer name" and "Customer" drifted).

const zh = {
  metric: '指标',
  weight: '权重',
  weightShare: '占比',
  notInData: '数据中没有，已从评分中剔除',
  grade: '等级',
  customers: '客户数',
  shareCustomers: '客户占比',
  orderAmount: '订货金额',
  shareAmount: '金额占比',
  profit: '利润',
  shareProfit: '利润占比',
  customerId: '客户编号',
  customerName: '客户名称',
  score: '得分',
  rank: '排名',
  margin: '利润率',
  lastOrder: '末单日期',
  pyramidTitle: '客户数金字塔与利润倒金字塔',
  pyramidDescription: '左：各等级客户数占比；右：各等级利润占比。A 级客户少而利润多。',
  loss: '亏损',
  flagFalseBig: '假大客户',
  flagLoss: '亏损',
  flagSleeping: '休眠',
  autoGrade: '自动分级',
  moversSummary: '相对基准：{up} 位升级，{down} 位降级',
};

type SharedWordsTable = { [K in keyof typeof zh]: string };

const en: SharedWordsTable = {
  metric: 'Metric',
  weight: 'Weight',
  weightShare: 'Share',
  notInData: 'not in the data, left out of the score',
  grade: 'Grade',
  customers: 'Customers',
  shareCustomers: 'Share of customers',
  orderAmount: 'Order amount',
  shareAmount: 'Share of amount',
  profit: 'Profit',
  shareProfit: 'Share of profit',
  customerId: 'Customer ID',
  customerName: 'Customer name',
  score: 'Score',
  rank: 'Rank',
  margin: 'Margin',
  lastOrder: 'Last order',
  pyramidTitle: 'Customer pyramid and inverted profit pyramid',
  pyramidDescription: 'Left: share of customers per grade; right: share of profit per grade. Few A customers earn most of the profit.',
  loss: 'loss',
  flagFalseBig: 'False big',
  flagLoss: 'Loss-making',
  flagSleeping: 'Sleeping',
  autoGrade: 'automatic',
  moversSummary: 'Against the baseline: {up} up, {down} down',
};

export type SharedWords = SharedWordsTable;
export const SHARED_WORDS = { zh: zh as SharedWordsTable, en };
