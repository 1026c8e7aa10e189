import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { JOB_KINDS } from '../subjects';
import { validateBody } from '../validate';
import { validationProblem } from '../validation-problem.testutil';
import { REC_JOB_KINDS, RULES_PAGE_MAX, RulesJobParams, RulesPageRequest } from './rec-rules.dto';

function problem(cls: new () => object, body: unknown): string {
  const e = validationProblem(cls, body);
  expect(e.code).toBe('INVALID_ARGUMENT');
  return e.message;
}

describe('jobs.rec.rules params and rec.rules.page', () => {
  it('job kinds are listed for submission', () => {
    expect(JOB_KINDS.rec).toEqual([REC_JOB_KINDS.fpgrowth, REC_JOB_KINDS.rules]);
  });

  it('accepts rec.rules options plus maxRules and sortOrders', () => {
    const p = validateBody(RulesJobParams, { result: 'itemsets-1', minConfidence: 1, minLift: 1.2, limit: 5, measure: 'lift', maxConsequent: 2, maxRules: 10, sortOrders: ['support', 'lift'] });
    expect(p).toMatchObject({ result: 'itemsets-1', measure: 'lift', sortOrders: ['support', 'lift'] });
    expect(validateBody(RulesJobParams, { result: 'r', minConfidence: 0, sortOrders: [] })).toMatchObject({ sortOrders: [] });
  });

  it.each([
    ['minConfidence missing', { result: 'r' }, 'minConfidence must be a fraction in [0, 1]'],
    ['minConfidence above 1', { result: 'r', minConfidence: 1.5 }, 'minConfidence must be a fraction in [0, 1]'],
    ['a bad result name', { result: 'a b', minConfidence: 0.5 }, 'result must be a result object name'],
    ['maxRules 0', { result: 'r', minConfidence: 0.5, maxRules: 0 }, 'maxRules'],
    ['an unknown measure', { result: 'r', minConfidence: 0.5, measure: 'gini' }, 'measure'],
    ['an unknown sort order', { result: 'r', minConfidence: 0.5, sortOrders: ['lift', 'gini'] }, 'each of sortOrders must be one of confidence, lift, support, leverage, conviction'],
    ['sortOrders not an array', { result: 'r', minConfidence: 0.5, sortOrders: 'lift' }, 'sortOrders'],
  ])('job params: %s is refused, naming the field', (_, body, text) => {
    expect(problem(RulesJobParams, body)).toContain(text);
  });

  it('pages: offset ≥ 0, 1 ≤ limit ≤ RULES_PAGE_MAX, sortBy a measure', () => {
    expect(validateBody(RulesPageRequest, { result: 'rules-1', offset: 0, limit: RULES_PAGE_MAX, sortBy: 'conviction' })).toMatchObject({ limit: RULES_PAGE_MAX });
    expect(problem(RulesPageRequest, { result: 'r', limit: RULES_PAGE_MAX + 1 })).toContain('limit');
    expect(problem(RulesPageRequest, { result: 'r', offset: -1 })).toContain('offset');
    expect(problem(RulesPageRequest, { result: 'r', sortBy: 'gini' })).toContain('sortBy');
  });
});
