import fc from 'fast-check';
import { applySwap, computeProfitMaximizingTrade, getAmountIn, getAmountOut, priceOf, sqrtFloor, truePricesFromUsd } from './uniswap-v2';

// Fixed seed so a failure reproduces; fast-check prints the seed and the shrunk case on failure.
const runs = { seed: 20261124, numRuns: 2000 };
const MAX_112 = 2n ** 112n - 1n; // reserves are uint112 in the pair
const reserve = fc.bigInt({ min: 1000n, max: MAX_112 });
const amount = fc.bigInt({ min: 1n, max: 2n ** 100n });

describe('Uniswap V2 math', () => {
  it('getAmountOut equals the library formula floor(in*997*Rout / (Rin*1000 + in*997)) for random cases', () => {
    fc.assert(
      fc.property(amount, reserve, reserve, (amountIn, rIn, rOut) => {
        expect(getAmountOut(amountIn, rIn, rOut)).toBe((amountIn * 997n * rOut) / (rIn * 1000n + amountIn * 997n));
        expect(getAmountOut(amountIn, rIn, rOut, 3000n)).toBe(getAmountOut(amountIn, rIn, rOut));
      }),
      runs,
    );
  });

  it('never lets K fall, and the pair accepts exactly the swaps the library prices', () => {
    fc.assert(
      fc.property(amount, reserve, reserve, (amountIn, r0, r1) => {
        const out = getAmountOut(amountIn, r0, r1);
        fc.pre(out > 0n);
        const after = applySwap(r0, r1, { amount0In: amountIn, amount1In: 0n, amount0Out: 0n, amount1Out: out });
        expect(after.reserve0 * after.reserve1 >= r0 * r1).toBe(true);
        expect(() => applySwap(r0, r1, { amount0In: amountIn, amount1In: 0n, amount0Out: 0n, amount1Out: out + 1n })).toThrow(
          expect.objectContaining({ code: out + 1n >= r1 ? 'AMM_INSUFFICIENT_LIQUIDITY' : 'AMM_K' }),
        );
      }),
      runs,
    );
  });

  it('getAmountIn gives the least input that buys the output', () => {
    fc.assert(
      fc.property(reserve, reserve, fc.bigInt({ min: 1n, max: 2n ** 100n }), (rIn, rOut, wanted) => {
        fc.pre(wanted < rOut);
        const amountIn = getAmountIn(wanted, rIn, rOut);
        expect(getAmountOut(amountIn, rIn, rOut) >= wanted).toBe(true);
        if (amountIn > 1n) expect(getAmountOut(amountIn - 1n, rIn, rOut) < wanted || amountIn - 1n === 0n).toBe(true);
      }),
      runs,
    );
  });

  it('moves the pool to the true price with the profit-maximising trade, and neither more nor less pays better', () => {
    const usd = fc.double({ min: 1, max: 5000, noNaN: true });
    fc.assert(
      fc.property(usd, fc.double({ min: 0.05, max: 20, noNaN: true }), fc.bigInt({ min: 10n ** 18n, max: 10n ** 24n }), (fair, skew, tokenReserve) => {
        // A pool of an 18-decimal token against a 6-decimal dollar, priced `skew` times fair value.
        const quoteReserve = BigInt(Math.round(fair * skew * 1e6)) * tokenReserve / 10n ** 18n;
        fc.pre(quoteReserve > 10n ** 6n);
        const { truePriceTokenA, truePriceTokenB } = truePricesFromUsd(fair, 18, 1, 6);
        const { aToB, amountIn } = computeProfitMaximizingTrade(truePriceTokenA, truePriceTokenB, tokenReserve, quoteReserve);
        fc.pre(amountIn > 1000n);
        expect(aToB).toBe(skew > 1);
        const [rIn, rOut] = aToB ? [tokenReserve, quoteReserve] : [quoteReserve, tokenReserve];
        const profit = (x: bigint) => {
          const out = getAmountOut(x, rIn, rOut);
          return aToB ? Number(out) / 1e6 - (Number(x) / 1e18) * fair : (Number(out) / 1e18) * fair - Number(x) / 1e6;
        };
        const best = profit(amountIn);
        // Within the integer rounding of a few base units of the output.
        const slack = 1e-9 * Math.abs(best) + 3e-6 * Math.max(1, fair);
        expect(best).toBeGreaterThanOrEqual(profit((amountIn * 99n) / 100n) - slack);
        expect(best).toBeGreaterThanOrEqual(profit((amountIn * 101n) / 100n) - slack);
        // At that size, one more unit of input returns exactly its fair worth (the first-order condition):
        // d out / d in = g * Rin * Rout / (Rin + g * in)^2 with g = 0.997, in human units.
        const g = 0.997;
        const [rInN, rOutN, x] = [Number(rIn), Number(rOut), Number(amountIn)];
        const marginal = (g * rInN * rOutN) / (rInN + g * x) ** 2;
        const fairRatio = aToB ? fair * 1e6 / 1e18 : 1e18 / 1e6 / fair;
        expect(Math.abs(marginal / fairRatio - 1)).toBeLessThan(1e-6);
      }),
      { ...runs, numRuns: 500 },
    );
  });

  it('prices a thin TSLAx pool by hand', () => {
    // 4 TSLAx (18 dp) against 1,000 USDC (6 dp): $250 a token. A 2,000 USDC buy gets
    // floor(2000e6*997*4e18 / (1000e6*1000 + 2000e6*997)) = 2.663994655978623914 TSLAx (checked by hand in
    // Python integers), and leaves the pool at $2,245.50: nine times fair value.
    const out = getAmountOut(2_000n * 10n ** 6n, 1_000n * 10n ** 6n, 4n * 10n ** 18n);
    expect(out).toBe(2_663_994_655_978_623_914n);
    expect(priceOf(4n * 10n ** 18n - out, 3_000n * 10n ** 6n, 18, 6)).toBeCloseTo(2245.5, 6);
    // Selling it straight back returns 1,995.989983 USDC: less than was paid, by the fees.
    expect(getAmountOut(out, 4n * 10n ** 18n - out, 3_000n * 10n ** 6n)).toBe(1_995_989_983n);
    expect(getAmountIn(1n * 10n ** 18n, 1_000n * 10n ** 6n, 4n * 10n ** 18n)).toBe(334_336_343n);
  });

  it('reverts where the contracts revert', () => {
    expect(() => getAmountOut(0n, 1n, 1n)).toThrow(expect.objectContaining({ code: 'AMM_INSUFFICIENT_INPUT_AMOUNT' }));
    expect(() => getAmountOut(1n, 0n, 1n)).toThrow(expect.objectContaining({ code: 'AMM_INSUFFICIENT_LIQUIDITY' }));
    expect(() => getAmountIn(10n, 100n, 10n)).toThrow(expect.objectContaining({ code: 'AMM_INSUFFICIENT_LIQUIDITY' }));
    expect(() => applySwap(100n, 100n, { amount0In: 0n, amount1In: 0n, amount0Out: 1n, amount1Out: 0n })).toThrow(
      expect.objectContaining({ code: 'AMM_INSUFFICIENT_INPUT_AMOUNT' }),
    );
  });

  it('takes integer square roots as Babylonian.sqrt does', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 256n }), (y) => {
        const r = sqrtFloor(y);
        expect(r * r <= y && (r + 1n) * (r + 1n) > y).toBe(true);
      }),
      runs,
    );
  });
});
