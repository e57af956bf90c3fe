import { describe, expect, it } from 'vitest';
import { factCheck, type FactCheckResult } from '../../src/domain/fact-check.js';
import { validateNewsItem } from '../../src/domain/news-item.js';
import { bundles, factSourcesOf } from '../fixtures/bundles.js';

// Measures the fact check on realistic bundles: every planted fabrication must
// be reported (recall 1), and faithful drafts should raise few warnings.

function checkedTotal(result: FactCheckResult): number {
  return Object.values(result.checked).reduce((sum, count) => sum + count, 0);
}

describe('fact check on fixture bundles', () => {
  it('has valid drafts in house style', () => {
    for (const bundle of bundles) {
      expect(validateNewsItem(bundle.draft), bundle.id).toMatchObject({ ok: true });
      for (const planted of bundle.plantedFabrications) {
        expect(validateNewsItem(planted.draft), `${bundle.id}: ${planted.description}`).toMatchObject({ ok: true });
      }
    }
  });

  it('flags every planted fabrication and few facts of faithful drafts', () => {
    let falseWarnings = 0;
    let checkedItems = 0;
    const falseWarningLines: string[] = [];
    for (const bundle of bundles) {
      const result = factCheck(bundle.draft, factSourcesOf(bundle));
      falseWarnings += result.findings.length;
      checkedItems += checkedTotal(result);
      for (const finding of result.findings) {
        falseWarningLines.push(`  ${bundle.id}: [${finding.kind}/${finding.where}] ${finding.text}`);
      }
    }

    let planted = 0;
    let detected = 0;
    const missed: string[] = [];
    for (const bundle of bundles) {
      for (const fabrication of bundle.plantedFabrications) {
        planted += 1;
        const texts = factCheck(fabrication.draft, factSourcesOf(bundle)).findings.map((finding) => finding.text);
        if (texts.some((text) => text.includes(fabrication.expected))) detected += 1;
        else missed.push(`  ${bundle.id}: ${fabrication.kind} "${fabrication.expected}" — got ${JSON.stringify(texts)}`);
      }
    }

    const recall = detected / planted;
    const perDraft = falseWarnings / bundles.length;
    const share = falseWarnings / checkedItems;
    console.log(
      [
        `fact check over ${bundles.length} bundles:`,
        `  recall: ${detected}/${planted} planted fabrications flagged (${(recall * 100).toFixed(1)}%)`,
        `  false warnings on faithful drafts: ${falseWarnings} (${perDraft.toFixed(2)} per draft, ` +
          `${(share * 100).toFixed(1)}% of ${checkedItems} checked items)`,
        ...(falseWarningLines.length > 0 ? ['  false warnings:', ...falseWarningLines] : []),
        ...(missed.length > 0 ? ['  missed:', ...missed] : []),
      ].join('\n'),
    );

    expect(missed).toEqual([]);
    expect(recall).toBe(1);
    expect(share).toBeLessThan(0.1);
  });
});
