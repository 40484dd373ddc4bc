// The mapping vocabulary: what a loaded table can be (its role) and what each of
// its columns can mean (its field), with the header words users' ERP/CRM
// exports actually carry, in Chinese (simplified; traditional is folded in by
// normalizeHeader) and English.

export interface Text {
  zh: string;
  en: string;
}

export type TableRole = 'lines' | 'orders' | 'customers' | 'receivables' | 'complaints' | 'openOrders' | 'ignore';

export interface RoleDef {
  id: TableRole;
  label: Text;
  /** Words in a table or file name that suggest the role. */
  nameHints: string[];
}

export const ROLES: Record<TableRole, RoleDef> = {
  lines: {
    id: 'lines',
    label: { zh: '订单行（销售明细）', en: 'Order lines (sales detail)' },
    nameHints: ['明细', '订单行', '销售', '出库', '发货', '流水', 'lineitem', 'lineitems', 'orderline', 'orderlines', 'lines', 'sales', 'transactions', 'detail', 'details', 'items', 'orderitems', 'orderdetails', 'invoice'],
  },
  orders: {
    id: 'orders',
    label: { zh: '订单（抬头）', en: 'Orders (headers)' },
    nameHints: ['订单', '单据', 'orders', 'order', 'orderheader', 'orderheaders'],
  },
  customers: {
    id: 'customers',
    label: { zh: '客户档案', en: 'Customers' },
    nameHints: ['客户', '客户档案', '客户资料', '客户信息', '客户清单', '客户名录', 'customers', 'customer', 'accounts', 'clients', 'master'],
  },
  receivables: {
    id: 'receivables',
    label: { zh: '应收 / 回款', en: 'Receivables / payments' },
    nameHints: ['应收', '回款', '收款', '账款', '账龄', '欠款', 'receivable', 'receivables', 'payments', 'payment', 'ar', 'aging', 'collections'],
  },
  complaints: {
    id: 'complaints',
    label: { zh: '投诉', en: 'Complaints' },
    nameHints: ['投诉', '客诉', '售后', '工单', 'complaint', 'complaints', 'tickets', 'cases'],
  },
  openOrders: {
    id: 'openOrders',
    label: { zh: '未交订单（待生产）', en: 'Open orders (to produce)' },
    nameHints: ['未交', '未完成订单', '在手订单', '待发货', '待生产', '排产', '生产订单', '欠交', 'openorders', 'backlog', 'pendingorders', 'unshipped', 'unfulfilled'],
  },
  ignore: {
    id: 'ignore',
    label: { zh: '不使用', en: 'Not used' },
    nameHints: [],
  },
};

export const ROLE_IDS: TableRole[] = ['lines', 'orders', 'customers', 'receivables', 'complaints', 'openOrders', 'ignore'];

export type FieldId =
  | 'customerId'
  | 'customerPerson'
  | 'customerName'
  | 'orderId'
  | 'orderDate'
  | 'amount'
  | 'profit'
  | 'margin'
  | 'cost'
  | 'quantity'
  | 'daysLate'
  | 'dueDate'
  | 'paidDate'
  | 'region'
  | 'industry'
  | 'segment'
  | 'size'
  | 'strategic'
  | 'prospect'
  | 'satisfaction'
  | 'loyaltyPoints'
  | 'salesRep'
  | 'lastContact'
  | 'complaintId'
  | 'openedAt'
  | 'resolvedAt'
  | 'issue'
  | 'deliveryDate'
  | 'material'
  | 'unitPrice'
  | 'discount'
  | 'orderCount'
  | 'firstOrder'
  | 'lastOrder'
  | 'growth'
  | 'creditLimit'
  | 'monthAmount';

/** What values the field holds; used to check and to guess from values. */
export type FieldKind = 'id' | 'name' | 'date' | 'money' | 'ratio' | 'number' | 'category';

export interface FieldDef {
  id: FieldId;
  label: Text;
  kind: FieldKind;
  /** Header words, matched after normalizeHeader; the first ones are the most specific. */
  synonyms: string[];
  /** Roles where the field means something. */
  roles: TableRole[];
  /** Header words that name the field less well (a tax-inclusive total where a net one may sit beside it): an exact match scores 0.9. */
  weaker?: string[];
  /** Several columns of one table may take it (one column per month of a wide report). */
  many?: boolean;
  /** Words that, inside a longer header, mean a different measure: "freight value" is not the sales value. */
  notWithin?: string[];
}

const ALL: TableRole[] = ['lines', 'orders', 'customers', 'receivables', 'complaints', 'openOrders'];

export const FIELDS: Record<FieldId, FieldDef> = {
  customerId: {
    id: 'customerId',
    label: { zh: '客户编号', en: 'Customer ID' },
    kind: 'id',
    synonyms: [
      '客户编号', '客户id', '客户代码', '客户编码', '客户号', '客户代号', '客户账号', '客户no', '往来单位编码', '往来单位编号', '往来单位代码', '单位编码', '单位代码',
      '购货单位编码', '购货单位代码', '客商编码', '客商代码', '客户',
      'customer id', 'customerid', 'cust id', 'custid', 'cust no', 'customer no', 'customer number', 'customer code', 'customer', 'client id', 'client code', 'client no', 'client number', 'client',
      'account id', 'account number', 'account no', 'account code', 'account', 'acct', 'acct no', 'acct number', 'acct id', 'buyer id',
      'sold to party', 'sold to', 'sold to pt', 'bill to', 'bill to party', 'payer', 'debtor', 'debtor no', 'debtor number', 'debtor code', 'business partner', 'bp number',
      'kunde', 'kunden nr', 'kundennummer', 'kundennr', 'client unique id', 'customer unique id',
    ],
    roles: ALL,
  },
  customerPerson: {
    id: 'customerPerson',
    label: { zh: '客户唯一编号', en: 'Customer unique ID' },
    kind: 'id',
    // A customer file whose key is one per order (a marketplace's customer_id) names the person beside it.
    synonyms: ['customer unique id', 'client unique id', 'unique customer id', 'customer unique key', '客户唯一编号', '客户唯一标识', '唯一客户编号', '客户唯一id'],
    roles: ['customers'],
  },
  customerName: {
    id: 'customerName',
    label: { zh: '客户名称', en: 'Customer name' },
    kind: 'name',
    synonyms: [
      '客户名称', '客户名', '客户全称', '客户简称', '客户', '公司名称', '单位名称', '往来单位', '往来单位名称', '购货单位', '购货单位名称', '购买方', '企业名称', '客商名称',
      'customer name', 'customer', 'client name', 'client', 'account name', 'account', 'company name', 'company', 'buyer',
      'name of sold to party', 'sold to name', 'sold to party name', 'bill to name', 'debtor name', 'debtor', 'kunde', 'kundenname',
    ],
    roles: ALL,
  },
  orderId: {
    id: 'orderId',
    label: { zh: '订单号', en: 'Order ID' },
    kind: 'id',
    synonyms: [
      '订单号', '订单编号', '订单id', '订单代码', '单号', '单据编号', '单据号', '销售单号', '发货单号', '出库单号', '发票号', '发票号码', '凭证号', '合同号', '合同编号',
      'order id', 'orderid', 'order no', 'order number', 'order', 'so number', 'sales order', 'sales document', 'invoice no', 'invoice number', 'invoice id', 'invoice',
      'billing document', 'billing doc', 'document no', 'document number', 'doc no', 'document', 'voucher no', 'transaction id',
    ],
    roles: ['lines', 'orders', 'receivables', 'complaints', 'openOrders'],
  },
  orderDate: {
    id: 'orderDate',
    label: { zh: '订单日期', en: 'Order date' },
    kind: 'date',
    synonyms: [
      '订单日期', '下单日期', '下单时间', '订货日期', '销售日期', '单据日期', '开票日期', '开单日期', '业务日期', '记账日期', '出库日期', '发货日期', '交易日期', '日期',
      'order date', 'orderdate', 'order time', 'sale date', 'sales date', 'invoice date', 'billing date', 'document date', 'posting date', 'transaction date', 'purchase date',
      'order purchase timestamp', 'purchase timestamp', 'date',
    ],
    roles: ['lines', 'orders', 'complaints', 'openOrders'],
  },
  amount: {
    id: 'amount',
    label: { zh: '销售额', en: 'Amount' },
    kind: 'money',
    synonyms: [
      '销售额', '销售金额', '本币无税金额', '无税金额', '不含税金额', '不含税销售额', '订货金额', '下单金额', '订单金额', '销售收入', '营业收入', '收入', '金额', '本币金额', '总金额', '合计金额', '成交金额', '应收金额', '发票金额',
      'sales amount', 'sales', 'revenue', 'amount', 'net sales', 'net value', 'net amount', 'net revenue', 'order amount', 'invoice amount', 'billing amount', 'line total', 'extended price',
      'total', 'total amount', 'value', 'turnover', 'annual revenue', 'sales value',
    ],
    weaker: ['价税合计', '含税金额', '含税销售额', 'gross amount', 'amount incl tax', 'gross value'],
    notWithin: ['运费', '邮费', '税额', '税金', '折扣', '佣金', 'freight', 'shipping', 'postage', 'tax', 'vat', 'fee', 'discount', 'commission'],
    roles: ['lines', 'receivables', 'customers'],
  },
  profit: {
    id: 'profit',
    label: { zh: '利润', en: 'Profit' },
    kind: 'money',
    synonyms: ['利润', '毛利', '毛利额', '利润额', '利润金额', '毛利润', '净利润', '利润贡献', 'profit', 'gross profit', 'profit amount', 'margin amount', 'gross margin amount', 'gp'],
    roles: ['lines', 'customers'],
  },
  margin: {
    id: 'margin',
    label: { zh: '毛利率', en: 'Margin' },
    kind: 'ratio',
    synonyms: ['毛利率', '利润率', '毛利百分比', 'margin', 'gross margin', 'margin %', 'margin pct', 'profit margin', 'profit %', 'gp %', 'gm %', 'gm'],
    roles: ['lines', 'customers'],
  },
  cost: {
    id: 'cost',
    label: { zh: '成本', en: 'Cost' },
    kind: 'money',
    synonyms: ['成本', '销售成本', '成本金额', '总成本', 'cost', 'cogs', 'cost of sales', 'cost of goods sold', 'total cost'],
    roles: ['lines', 'customers'],
  },
  quantity: {
    id: 'quantity',
    label: { zh: '数量', en: 'Quantity' },
    kind: 'number',
    synonyms: ['数量', '销售数量', '实发数量', '销量', '件数', '需求数量', '订货数量', 'quantity', 'qty', 'units', 'billed quantity', 'order quantity'],
    roles: ['lines', 'openOrders'],
  },
  daysLate: {
    id: 'daysLate',
    label: { zh: '逾期天数', en: 'Days late' },
    kind: 'number',
    synonyms: ['逾期天数', '超期天数', '拖欠天数', '逾期', '账期', '账龄', '账龄天数', '回款天数', '付款天数', 'days late', 'days overdue', 'overdue days', 'days past due', 'dpd', 'overdue', 'aging days'],
    roles: ['lines', 'orders', 'receivables', 'customers'],
  },
  dueDate: {
    id: 'dueDate',
    label: { zh: '到期日', en: 'Due date' },
    kind: 'date',
    synonyms: ['到期日', '到期日期', '应收日期', '应付款日期', '应收款到期日', '约定回款日期', 'due date', 'due', 'payment due'],
    roles: ['lines', 'orders', 'receivables'],
  },
  paidDate: {
    id: 'paidDate',
    label: { zh: '回款日期', en: 'Paid date' },
    kind: 'date',
    synonyms: ['回款日期', '收款日期', '付款日期', '到账日期', '实际回款日期', 'paid date', 'payment date', 'paid on', 'date paid', 'receipt date'],
    roles: ['lines', 'orders', 'receivables'],
  },
  region: {
    id: 'region',
    label: { zh: '地区', en: 'Region' },
    kind: 'category',
    synonyms: ['地区', '区域', '大区', '省份', '省', '城市', '销售区域', '所属区域', 'region', 'area', 'territory', 'province', 'state', 'city'],
    roles: ALL,
  },
  industry: {
    id: 'industry',
    label: { zh: '行业', en: 'Industry' },
    kind: 'category',
    synonyms: ['行业', '所属行业', '行业类别', '行业分类', 'industry', 'sector', 'vertical'],
    roles: ALL,
  },
  segment: {
    id: 'segment',
    label: { zh: '客户类型', en: 'Segment' },
    kind: 'category',
    synonyms: ['客户类型', '客户类别', '客户分类', '客户性质', '客户细分', '细分', '类型', 'segment', 'customer type', 'customer segment', 'type', 'category'],
    roles: ALL,
  },
  size: {
    id: 'size',
    label: { zh: '规模', en: 'Size' },
    kind: 'category',
    synonyms: ['规模', '企业规模', '公司规模', '员工人数', '人数', '注册资本', 'size', 'company size', 'employees', 'headcount'],
    roles: ['customers'],
  },
  strategic: {
    id: 'strategic',
    label: { zh: '战略价值', en: 'Strategic rating' },
    kind: 'number',
    synonyms: ['战略价值', '战略评级', '战略等级', '战略评分', '战略', '重要程度', '重要性', '客户评级', '评级', 'strategic', 'strategic value', 'strategic rating', 'strategic score', 'importance', 'rating', 'account rating', 'customer rating'],
    roles: ['customers'],
  },
  prospect: {
    id: 'prospect',
    label: { zh: '发展潜力', en: 'Prospect rating' },
    kind: 'number',
    synonyms: ['发展潜力', '增长潜力', '潜力', '潜力评级', '潜力评分', '发展前景', 'prospect', 'prospect rating', 'potential', 'growth potential'],
    roles: ['customers'],
  },
  satisfaction: {
    id: 'satisfaction',
    label: { zh: '满意度', en: 'Satisfaction' },
    kind: 'number',
    synonyms: ['满意度', '客户满意度', '满意度评分', '满意度得分', 'satisfaction', 'csat', 'nps', 'satisfaction score'],
    roles: ['customers', 'complaints'],
  },
  loyaltyPoints: {
    id: 'loyaltyPoints',
    label: { zh: '积分', en: 'Loyalty points' },
    kind: 'number',
    synonyms: ['积分', '会员积分', '忠诚度积分', '客户积分', '忠诚度', 'loyalty reward points', 'loyalty points', 'reward points', 'loyalty', 'points'],
    roles: ['customers'],
  },
  salesRep: {
    id: 'salesRep',
    label: { zh: '业务员', en: 'Sales rep' },
    kind: 'name',
    synonyms: ['业务员', '客户经理', '销售员', '销售代表', '负责人', '大客户经理', '跟进人', 'sales rep', 'salesperson', 'sales person', 'account manager', 'owner', 'rep', 'kam'],
    roles: ALL,
  },
  lastContact: {
    id: 'lastContact',
    label: { zh: '最近拜访日期', en: 'Last contact' },
    kind: 'date',
    synonyms: ['最近拜访日期', '最近拜访', '上次拜访', '上次拜访日期', '最近联系日期', '最近联系', '上次联系', '最后联系日期', '最后拜访日期', 'last contact', 'last contact date', 'last contacted', 'last visit', 'last visit date', 'last call'],
    roles: ['customers'],
  },
  complaintId: {
    id: 'complaintId',
    label: { zh: '投诉编号', en: 'Complaint ID' },
    kind: 'id',
    synonyms: ['投诉编号', '投诉单号', '投诉号', '客诉单号', '客诉编号', '工单号', '工单编号', 'complaint id', 'complaint no', 'complaint number', 'ticket id', 'ticket no', 'ticket number', 'case id', 'case number'],
    roles: ['complaints'],
  },
  openedAt: {
    id: 'openedAt',
    label: { zh: '投诉日期', en: 'Complaint date' },
    kind: 'date',
    synonyms: ['投诉日期', '投诉时间', '受理日期', '受理时间', '登记日期', '反馈日期', '报修日期', 'complaint date', 'opened', 'opened date', 'open date', 'date opened', 'received date', 'reported date', 'created date'],
    roles: ['complaints'],
  },
  resolvedAt: {
    id: 'resolvedAt',
    label: { zh: '结案日期', en: 'Resolved date' },
    kind: 'date',
    synonyms: ['结案日期', '结案时间', '解决日期', '处理完成日期', '关闭日期', '办结日期', 'resolved date', 'resolved', 'resolved on', 'resolution date', 'closed date', 'date closed', 'closed'],
    roles: ['complaints'],
  },
  issue: {
    id: 'issue',
    label: { zh: '投诉类型', en: 'Issue' },
    kind: 'category',
    synonyms: ['投诉类型', '投诉原因', '投诉内容', '投诉事项', '问题类型', '问题描述', 'issue', 'issue type', 'complaint type', 'subject', 'problem'],
    roles: ['complaints'],
  },
  deliveryDate: {
    id: 'deliveryDate',
    label: { zh: '要求交期', en: 'Requested date' },
    kind: 'date',
    synonyms: ['要求交期', '交期', '交货日期', '要求交货日期', '要求到货日期', '承诺交期', '计划交期', 'requested date', 'requested delivery date', 'delivery date', 'promised date', 'need by', 'required date'],
    roles: ['openOrders'],
  },
  material: {
    id: 'material',
    label: { zh: '物料', en: 'Material' },
    kind: 'category',
    synonyms: ['物料', '物料名称', '物料编码', '物料代码', '料号', '材料', '原料', '原材料', 'material', 'material name', 'material code', 'material id', 'raw material', 'component'],
    roles: ['openOrders'],
  },
  unitPrice: {
    id: 'unitPrice',
    label: { zh: '单价', en: 'Unit price' },
    kind: 'money',
    synonyms: ['单价', '销售单价', '无税单价', '本币无税单价', '含税单价', '成交单价', 'unit price', 'unitprice', 'price', 'sales price', 'net price', 'list price', 'price each'],
    roles: ['lines'],
  },
  discount: {
    id: 'discount',
    label: { zh: '折扣', en: 'Discount' },
    kind: 'ratio',
    synonyms: ['折扣', '折扣率', '折让率', 'discount', 'discount rate', 'discount %', 'disc', 'disc %'],
    roles: ['lines'],
  },
  orderCount: {
    id: 'orderCount',
    label: { zh: '订单数', en: 'Orders' },
    kind: 'number',
    synonyms: ['订单数', '订单笔数', '订单次数', '下单次数', '购买次数', '交易次数', '交易笔数', 'orders', 'order count', 'number of orders', 'no of orders', 'orders in year', 'orders this year', 'purchase count', 'transactions', 'frequency'],
    roles: ['customers'],
  },
  firstOrder: {
    id: 'firstOrder',
    label: { zh: '首单日期', en: 'First order' },
    kind: 'date',
    synonyms: ['首单日期', '首次下单日期', '首次购买日期', '首次交易日期', '合作开始日期', '开户日期', '建档日期', 'first order date', 'first order', 'first purchase date', 'first purchase', 'customer since', 'client since', 'account created', 'since'],
    roles: ['customers'],
  },
  lastOrder: {
    id: 'lastOrder',
    label: { zh: '末单日期', en: 'Last order' },
    kind: 'date',
    synonyms: ['末单日期', '最近下单日期', '最后下单日期', '最近订单日期', '最后订单日期', '最近购买日期', '最后交易日期', '最近交易日期', 'last order date', 'last order', 'last purchase date', 'last purchase', 'last invoice date', 'last transaction date', 'last sale date'],
    roles: ['customers'],
  },
  growth: {
    id: 'growth',
    label: { zh: '同比增长率', en: 'Growth (year over year)' },
    kind: 'ratio',
    synonyms: ['同比增长率', '同比增长', '同比', '增长率', '销售增长率', 'yoy', 'yoy growth', 'yoy %', 'growth', 'growth rate', 'revenue growth', 'sales growth'],
    roles: ['customers'],
  },
  creditLimit: {
    id: 'creditLimit',
    label: { zh: '信用额度', en: 'Credit limit' },
    kind: 'money',
    synonyms: ['信用额度', '授信额度', '信用限额', 'credit limit', 'credit line'],
    roles: ['customers'],
  },
  monthAmount: {
    id: 'monthAmount',
    label: { zh: '月度金额（列名为月份）', en: 'Amount of the month in the header' },
    kind: 'money',
    synonyms: [],
    roles: ['customers'],
    many: true,
  },
};

export const FIELD_IDS = Object.keys(FIELDS) as FieldId[];

// Traditional characters that appear in exported headers, folded to simplified
// so one synonym list serves both (Excel files from Taiwan and Hong Kong).
const TRAD: Record<string, string> = {
  戶: '户', 編: '编', 號: '号', 稱: '称', 訂: '订', 單: '单', 額: '额', 銷: '销', 潤: '润', 區: '区', 業: '业', 務: '务', 員: '员',
  應: '应', 帳: '账', 賬: '账', 數: '数', 積: '积', 滿: '满', 戰: '战', 價: '价', 規: '规', 類: '类', 經: '经', 貨: '货', 稅: '税',
  們: '们', 齡: '龄', 內: '内', 碼: '码', 資: '资', 據: '据', 貢: '贡', 獻: '献', 標: '标', 準: '准', 級: '级', 評: '评', 總: '总',
  計: '计', 項: '项', 間: '间', 時: '时', 開: '开', 發: '发', 問: '问', 題: '题', 負: '负', 責: '责', 為: '为', 個: '个',
  與: '与', 長: '长', 頭: '头', 費: '费', 購: '购', 買: '买', 銀: '银', 實: '实', 際: '际', 場: '场',
};

/**
 * Header → comparable key: Unicode NFKC (full-width letters, digits and
 * brackets become ASCII), lower case, traditional folded to simplified,
 * punctuation and spacing collapsed to single spaces, unit suffixes such as
 * "(元)" or "（%）" dropped.
 */
export function normalizeHeader(header: string): string {
  // camelCase becomes words before lower-casing: CustomerID → Customer ID.
  let s = header.normalize('NFKC').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  s = Array.from(s, (ch) => TRAD[ch] ?? ch).join('');
  // A unit in brackets at the end says nothing about the meaning: 销售额(元), amount (usd).
  s = s.replace(/[(（\[【][^)）\]】]*[)）\]】]\s*$/u, '');
  s = s.replace(/[\s_\-./\\:：,，;；'"`’‘“”#№()（）\[\]【】{}<>《》|*+=~!?！？、·]+/gu, ' ');
  return s.trim();
}

/** normalizeHeader with all spaces removed, for comparisons that ignore word breaks ("customerid" = "customer id"). */
export function compactHeader(header: string): string {
  return normalizeHeader(header).replaceAll(' ', '');
}
