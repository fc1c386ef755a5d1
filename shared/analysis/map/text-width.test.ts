import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateTextWidth, truncateToWidth } from './text-width.ts';

describe('text widths without a DOM', () => {
  it('grows with the text and the font size; wide letters count more than narrow ones', () => {
    expect(estimateTextWidth('', 12)).toBe(0);
    expect(estimateTextWidth('MMMM', 12)).toBeGreaterThan(estimateTextWidth('iiii', 12));
    expect(estimateTextWidth('orders-handler', 14)).toBeGreaterThan(estimateTextWidth('orders-handler', 12));
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(estimateTextWidth(a + b, 12)).toBeGreaterThanOrEqual(estimateTextWidth(a, 12));
      }),
    );
  });

  it('cuts a label to the width with an ellipsis, keeping a prefix (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 10, max: 300 }), (text, width) => {
        const cut = truncateToWidth(text, width, 12);
        if (estimateTextWidth(text, 12) <= width) {
          expect(cut).toBe(text);
          return;
        }
        expect(cut.endsWith('…')).toBe(true);
        expect(text.startsWith(cut.slice(0, -1))).toBe(true);
        // Fits, unless even the ellipsis alone does not.
        if (cut !== '…') expect(estimateTextWidth(cut, 12)).toBeLessThanOrEqual(width);
      }),
    );
    expect(truncateToWidth('api.payments.example.com', 80, 12)).toMatch(/^api\.pay.*…$/);
  });
});
