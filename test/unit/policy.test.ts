import { describe, expect, it } from 'vitest';
import { clampPolicyValue, DEFAULT_POLICY, defaultPolicyRow, managerText, policyRows, validatePolicy } from '../../src/model/policy';
import { mappingSummary } from '../../src/ui/notebook/mapping-summary';
import { SAMPLE_MAPPING } from '../../src/ingest/sample';
import { visitWords, POLICY_MESSAGES } from '../../src/app/policy/messages';

describe('the grade policy', () => {
  it('defaults to the CRM service levels: monthly/quarterly/half-yearly/yearly visits, 3 days for A, 5 for C', () => {
    expect(DEFAULT_POLICY.map((r) => [r.visitEveryMonths, r.responseDays, r.productionPriority])).toEqual([
      [1, 3, 1],
      [3, 4, 2],
      [6, 5, 3],
      [12, 7, 4],
    ]);
    expect(validatePolicy(DEFAULT_POLICY)).toEqual([]);
  });
  it('spreads the levels over 2 to 6 grades, best first, last the most lenient', () => {
    expect(policyRows([], 2).map((r) => r.visitEveryMonths)).toEqual([1, 12]);
    expect(policyRows([], 3).map((r) => r.visitEveryMonths)).toEqual([1, 6, 12]);
    expect(policyRows([], 6).map((r) => [r.visitEveryMonths, r.productionPriority])).toEqual([
      [1, 1],
      [3, 2],
      [3, 3],
      [6, 4],
      [6, 5],
      [12, 6],
    ]);
    // Stored rows win; grades beyond them get the standard level.
    const stored = [{ ...defaultPolicyRow(0, 4), responseDays: 1 }];
    expect(policyRows(stored, 4).map((r) => r.responseDays)).toEqual([1, 4, 5, 7]);
  });
  it('clamps edits into range and refuses what cannot be read', () => {
    expect(clampPolicyValue('visitEveryMonths', 0)).toBe(1);
    expect(clampPolicyValue('visitEveryMonths', 2.6)).toBe(3);
    expect(clampPolicyValue('discountCeilingPct', 12.345)).toBe(12.35);
    expect(clampPolicyValue('discountCeilingPct', 150)).toBe(100);
    expect(clampPolicyValue('responseDays', Number.NaN)).toBeNull();
  });
  it('says who looks after a grade: the stored text, else the standard wording in the page’s language', () => {
    expect(managerText({ ...DEFAULT_POLICY[0]!, manager: '' }, 0, 4, 'zh')).toBe('专属大客户经理');
    expect(managerText({ ...DEFAULT_POLICY[3]!, manager: '' }, 3, 4, 'en')).toBe('Inside sales (phone, online)');
    expect(managerText({ ...DEFAULT_POLICY[0]!, manager: '王经理' }, 0, 4, 'en')).toBe('王经理');
  });
  it('names visit intervals', () => {
    expect([1, 3, 6, 12, 2].map((n) => visitWords(POLICY_MESSAGES.zh, n))).toEqual(['每月', '每季度', '每半年', '每年', '每 2 个月']);
    expect(visitWords(POLICY_MESSAGES.en, 24)).toBe('Every 24 months');
  });
  it('lists the mapping in use role by role', () => {
    const s = mappingSummary(SAMPLE_MAPPING);
    expect(s.map((l) => [l.role, l.table])).toEqual([
      ['lines', 'lineitems'],
      ['orders', 'orders'],
      ['customers', 'customers'],
      ['complaints', 'complaints'],
      ['openOrders', 'open_orders'],
    ]);
    expect(s[3]!.columns.map((c) => `${c.field.en}=${c.column}`)).toEqual([
      'Complaint ID=Complaint ID',
      'Customer ID=Customer ID',
      'Order ID=Order ID',
      'Complaint date=Complaint Date',
      'Resolved date=Resolved Date',
      'Issue=Issue',
    ]);
  });
});
