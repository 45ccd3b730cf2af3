import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { ConfigError } from '../../core/errors';
import { type ConfigOverride, parseConfigPath } from '../../config/load';

/** One parameter of a sweep: a config path and the values it takes. */
export interface Axis {
  readonly name: string;
  readonly path: (string | number)[];
  /** Listed values (`a,b,c`), or a range (`lo..hi`) that random search draws from. */
  readonly values?: readonly unknown[];
  readonly range?: { readonly min: number; readonly max: number };
}

/** One run of a sweep: its parameter values, as config overrides. */
export interface SweepPoint {
  readonly params: Readonly<Record<string, unknown>>;
  readonly overrides: readonly ConfigOverride[];
}

/** `strategies[0].params.minEdgeBps=10,30,50` or `...=10..80` (a range, random search only). */
export function parseAxis(spec: string): Axis {
  const at = spec.indexOf('=');
  if (at <= 0) throw usage(spec, 'expected PATH=a,b,c or PATH=lo..hi');
  const name = spec.slice(0, at).trim();
  const rhs = spec.slice(at + 1).trim();
  const path = parseConfigPath(name);
  const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(rhs);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!(min < max)) throw usage(spec, 'a range needs lo < hi');
    return { name, path, range: { min, max } };
  }
  const values = rhs.split(',').map((v) => scalar(v.trim()));
  if (values.length === 0 || values.some((v) => v === '')) throw usage(spec, 'empty value');
  return { name, path, values };
}

/** Every combination of the listed values (ranges are not allowed here). */
export function gridPoints(axes: readonly Axis[]): SweepPoint[] {
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    if (!axis.values) throw usage(axis.name, 'a grid needs listed values; ranges are for --random');
    points = points.flatMap((p) => axis.values!.map((v) => ({ ...p, [axis.name]: v })));
  }
  return points.map((params) => toPoint(axes, params));
}

/** `count` points drawn uniformly (listed values: one of them; ranges: a uniform number) from `seed`. */
export function randomPoints(axes: readonly Axis[], count: number, seed: number): SweepPoint[] {
  const rng = xoroshiro128plus(seed);
  const points: SweepPoint[] = [];
  for (let i = 0; i < count; i++) {
    const params: Record<string, unknown> = {};
    for (const axis of axes) {
      const u = uniformFloat64(rng);
      params[axis.name] = axis.values ? axis.values[Math.floor(u * axis.values.length)] : axis.range!.min + u * (axis.range!.max - axis.range!.min);
    }
    points.push(toPoint(axes, params));
  }
  return points;
}

function toPoint(axes: readonly Axis[], params: Record<string, unknown>): SweepPoint {
  return { params, overrides: axes.map((a) => ({ path: a.path, value: params[a.name] })) };
}

/** Numbers and booleans as such; anything else stays a string. */
function scalar(text: string): unknown {
  if (text === 'true' || text === 'false') return text === 'true';
  const n = Number(text);
  return text !== '' && Number.isFinite(n) ? n : text;
}

function usage(spec: string, message: string): ConfigError {
  return new ConfigError('(command line)', [{ path: spec, message }]);
}
