// Counters and histograms written in the Prometheus text exposition format (version 0.0.4):
// a `# HELP` and a `# TYPE` line per metric, then one sample per line, label values escaped.

/** The media type of {@link MetricRegistry.render}'s text. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** A metric that can write its samples. */
interface Metric {
  readonly name: string;
  render(): string;
}

/** A counter, one value per combination of label values. */
export interface Counter<L extends string> {
  /** Adds `by` (default 1) to the sample with `labels`. */
  inc(labels?: Partial<Record<L, string>>, by?: number): void;
  /** The current value of the sample with `labels`, 0 if never counted. */
  get(labels?: Partial<Record<L, string>>): number;
}

/** A histogram with fixed buckets, one per combination of label values. */
export interface Histogram<L extends string> {
  /** Records one observation of `value` (seconds, bytes …) in the series with `labels`. */
  observe(value: number, labels?: Partial<Record<L, string>>): void;
}

/** A gauge whose value is read when the metrics are rendered. */
export type GaugeReader = () => number;

/** The metrics of one process, rendered together in the order they were made. */
export class MetricRegistry {
  readonly #metrics: Metric[] = [];

  /** Makes a counter `name` (ending in `_total`) with `help` and the label names `labels`. */
  counter<L extends string = never>(name: string, help: string, labels: readonly L[] = []): Counter<L> {
    const series = new Map<string, { key: string; value: number }>();
    const keyOf = (values: Partial<Record<L, string>> | undefined) => labelText(labels, values);
    this.#add({
      name,
      render: () => {
        let text = header(name, help, "counter");
        // A counter without labels is shown at 0 before anything is counted.
        if (labels.length === 0 && series.size === 0) text += `${name} 0\n`;
        for (const { key, value } of series.values()) text += `${name}${key} ${formatNumber(value)}\n`;
        return text;
      },
    });
    return {
      inc(values, by = 1) {
        const key = keyOf(values);
        const sample = series.get(key);
        if (sample === undefined) series.set(key, { key, value: by });
        else sample.value += by;
      },
      get: (values) => series.get(keyOf(values))?.value ?? 0,
    };
  }

  /** Makes a histogram `name` with `help`, the upper bounds `buckets` (ascending) and the label names `labels`. */
  histogram<L extends string = never>(name: string, help: string, buckets: readonly number[], labels: readonly L[] = []): Histogram<L> {
    const series = new Map<string, { counts: number[]; sum: number; count: number }>();
    this.#add({
      name,
      render: () => {
        let text = header(name, help, "histogram");
        const all = labels.length === 0 && series.size === 0 ? new Map([["", { counts: buckets.map(() => 0), sum: 0, count: 0 }]]) : series;
        for (const [key, { counts, sum, count }] of all) {
          // Bucket counts are cumulative; `le` joins the series' own labels.
          const inner = key === "" ? "" : `${key.slice(1, -1)},`;
          let cumulative = 0;
          buckets.forEach((bound, i) => {
            cumulative += counts[i] as number;
            text += `${name}_bucket{${inner}le="${formatNumber(bound)}"} ${cumulative}\n`;
          });
          text += `${name}_bucket{${inner}le="+Inf"} ${count}\n`;
          text += `${name}_sum${key} ${formatNumber(sum)}\n${name}_count${key} ${count}\n`;
        }
        return text;
      },
    });
    return {
      observe(value, values) {
        const key = labelText(labels, values);
        let sample = series.get(key);
        if (sample === undefined) series.set(key, (sample = { counts: buckets.map(() => 0), sum: 0, count: 0 }));
        const i = buckets.findIndex((bound) => value <= bound);
        if (i >= 0) (sample.counts[i] as number)++;
        sample.sum += value;
        sample.count++;
      },
    };
  }

  /** Makes a gauge (or a counter kept elsewhere) `name` with `help`, read from `read` at each render. */
  gauge(name: string, help: string, read: GaugeReader, type: "gauge" | "counter" = "gauge"): void {
    this.#add({ name, render: () => `${header(name, help, type)}${name} ${formatNumber(read())}\n` });
  }

  /** Every metric in the text exposition format. */
  render(): string {
    return this.#metrics.map((metric) => metric.render()).join("");
  }

  #add(metric: Metric): void {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.name)) throw new TypeError(`invalid argument: name: expected a metric name, received ${JSON.stringify(metric.name)}`);
    if (this.#metrics.some(({ name }) => name === metric.name)) throw new TypeError(`invalid argument: name: ${metric.name} is registered already`);
    this.#metrics.push(metric);
  }
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help.replaceAll("\\", "\\\\").replaceAll("\n", "\\n")}\n# TYPE ${name} ${type}\n`;
}

/** `{a="x",b="y"}` in the order of `names`, or "" for none; a label left out is written as "". */
function labelText<L extends string>(names: readonly L[], values: Partial<Record<L, string>> | undefined): string {
  if (names.length === 0) return "";
  return `{${names.map((name) => `${name}="${escapeLabelValue(values?.[name] ?? "")}"`).join(",")}}`;
}

/** Escapes a label value as the format requires: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** A sample value: integers as such, `+Inf`, `-Inf` and `NaN` spelled as the format spells them. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
