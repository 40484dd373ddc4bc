import { describe, expect, it } from 'vitest';
import { CLASSIC_CRM, validateConfig, type GradeBand, type GradingConfig } from '../../src/model/config';

const withGrades = (grades: GradeBand[]): GradingConfig => ({ ...CLASSIC_CRM, rule: { kind: 'ratio', grades } });

describe('grading config validation', () => {
  it('accepts the classic preset', () => {
    expect(validateConfig(CLASSIC_CRM)).toEqual([]);
  });
  it('says what is wrong with shares, names and weights', () => {
    expect(validateConfig(withGrades([{ name: 'A', share: 50 }, { name: 'B', share: 40 }]))[0]).toMatch(/add up to 100 %.*90/);
    expect(validateConfig(withGrades([{ name: 'A', share: 100 }]))[0]).toMatch(/Between 2 and 6 grades/);
    expect(validateConfig(withGrades([{ name: 'A', share: 50 }, { name: 'A', share: 50 }]))).toContain('Grade name "A" is used twice.');
    expect(validateConfig(withGrades([{ name: ' ', share: 50 }, { name: 'B', share: 50 }]))).toContain('A grade has an empty name.');
    const badWeight = { ...CLASSIC_CRM, metrics: [{ id: 'profit' as const, weight: -1 }] };
    expect(validateConfig(badWeight)[0]).toMatch(/Weight of "profit"/);
    const nanWeight = { ...CLASSIC_CRM, metrics: [{ id: 'profit' as const, weight: NaN }] };
    expect(validateConfig(nanWeight)[0]).toMatch(/Weight of "profit"/);
  });
});
