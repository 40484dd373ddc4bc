// The Charts step's messages → the label bundles the chart spec builders take.

import { METRICS, type MetricId } from '../../model/metrics';
import type { ChartLabels } from '../../charts/chart-set';
import { CHART_MESSAGES } from './messages';
import { localeOf, type Lang } from '../../lang/lang';

export function chartLabels(lang: Lang): ChartLabels {
  const m = CHART_MESSAGES[lang];
  const metricNames = Object.fromEntries(Object.values(METRICS).map((d) => [d.id, d.label[lang]])) as Record<MetricId, string>;
  const category: Record<string, string> = {
    region: m.attrRegion,
    industry: m.attrIndustry,
    customer_type: m.attrCustomerType,
    size_class: m.attrSize,
    salesperson: m.attrSalesperson,
    segment: m.categorySegment,
  };
  const segmentNames = { loyal: m.segLoyal, fast_growing: m.segFast, sleeping: m.segSleeping, worth_cultivating: m.segCultivate };
  return {
    pyramid: { title: m.pyramidTitle, description: m.pyramidDescription, customers: m.shareCustomers, profit: m.shareProfit, loss: m.loss, amount: m.shareAmount },
    amountPyramid: { title: m.amountPyramidTitle, description: m.amountPyramidDescription, customers: m.shareCustomers, profit: m.shareProfit, loss: m.loss, amount: m.shareAmount },
    pareto: {
      title: m.paretoTitle,
      description: m.paretoDescription,
      xTitle: m.paretoX,
      yTitle: m.paretoY,
      measures: { profit: m.measureProfit, order_amount: m.measureAmount },
      point80: m.paretoPoint,
      gini: m.gini,
      equality: m.equality,
    },
    whale: {
      title: m.whaleTitle,
      description: m.whaleDescription,
      xTitle: m.whaleX,
      yTitle: m.whaleY,
      measured: m.whaleMeasured,
      typical: m.whaleTypical,
      peak: m.whalePeak,
      tail: m.whaleTail,
      total: m.whaleTotal,
      noShares: m.whaleNoShares,
    },
    scatter: {
      title: m.scatterTitle,
      description: m.scatterDescription,
      xTitle: m.scatterX,
      yTitle: m.scatterY,
      grade: m.grade,
      customer: m.customerName,
      customerId: m.customerId,
      profit: m.profit,
      quadrant: m.falseBig,
      quadrantRule: m.falseBigRule,
      flagged: m.falseBigFlagged,
      sampled: m.scatterSampled,
      droppedZero: m.scatterDropped,
      logScale: m.logScale,
      locale: localeOf(lang),
    },
    histogram: { title: m.histTitle, description: m.histDescription, xTitle: m.histX, yTitle: m.customers, grade: m.grade },
    segments: {
      title: m.segTitle,
      description: m.segDescription,
      names: segmentNames,
      growth: m.segGrowth,
      loyalty: m.segLoyalty,
      low: m.segLow,
      high: m.segHigh,
      customers: m.segCustomers,
      profit: m.segProfit,
      unsegmented: m.segNone,
      locale: localeOf(lang),
    },
    contribution: {
      title: m.contribTitle,
      description: m.contribDescription,
      xTitle: m.contribX,
      metric: m.metric,
      points: m.contribPoints,
      gradeAverage: m.contribGradeAverage,
      customer: m.contribCustomer,
      metricNames,
    },
    gradeMix: (column: string) => {
      const name = category[column] ?? column;
      return {
        title: m.mixTitle.replace('{category}', name),
        description: m.mixDescription,
        category: name,
        grade: m.grade,
        customers: m.customers,
        share: m.shareCustomers,
        other: m.mixOther,
        blank: m.mixBlank,
        count: m.mixCount,
        ...(column === 'segment' ? { values: segmentNames } : {}),
      };
    },
  };
}
