import { suite } from "uvu";
import * as assert from "uvu/assert";
import { escapeLabelValue, formatNumber, MetricRegistry } from "../../../src/cli/prometheus-text.js";

const counter = suite("MetricRegistry.counter()");

counter("writes HELP and TYPE, and 0 for a counter without labels before anything is counted", () => {
  const registry = new MetricRegistry();
  registry.counter("x_total", "Things counted.");
  assert.is(registry.render(), "# HELP x_total Things counted.\n# TYPE x_total counter\nx_total 0\n");
});

counter("keeps one sample per combination of labels, in the order the label names were given", () => {
  const registry = new MetricRegistry();
  const c = registry.counter("d_total", "Deliveries.", ["kind", "status"]);
  assert.is(registry.render(), "# HELP d_total Deliveries.\n# TYPE d_total counter\n");
  c.inc({ status: "200", kind: "userEvent" });
  c.inc({ kind: "userEvent", status: "200" }, 2);
  c.inc({ kind: "none", status: "401" });
  assert.is(c.get({ kind: "userEvent", status: "200" }), 3);
  assert.is(c.get({ kind: "other", status: "200" }), 0);
  assert.is(
    registry.render(),
    '# HELP d_total Deliveries.\n# TYPE d_total counter\nd_total{kind="userEvent",status="200"} 3\nd_total{kind="none",status="401"} 1\n',
  );
});

counter("escapes label values and help text as the format requires", () => {
  const registry = new MetricRegistry();
  registry.counter("e_total", "a \\ b\nc", ["path"]).inc({ path: 'a"b\\c\nd' });
  assert.is(registry.render(), '# HELP e_total a \\\\ b\\nc\n# TYPE e_total counter\ne_total{path="a\\"b\\\\c\\nd"} 1\n');
});

counter("refuses an invalid or repeated name", () => {
  const registry = new MetricRegistry();
  registry.counter("a_total", "A.");
  assert.throws(() => registry.counter("a_total", "A."), (e: Error) => e.message === "invalid argument: name: a_total is registered already");
  assert.throws(() => registry.counter("1a", "A."), (e: Error) => e.message === 'invalid argument: name: expected a metric name, received "1a"');
});

counter.run();

const histogram = suite("MetricRegistry.histogram()");

histogram("writes cumulative buckets, +Inf, sum and count; all at 0 before any observation", () => {
  const registry = new MetricRegistry();
  const h = registry.histogram("t_seconds", "Time.", [0.1, 1]);
  assert.is(
    registry.render(),
    '# HELP t_seconds Time.\n# TYPE t_seconds histogram\nt_seconds_bucket{le="0.1"} 0\nt_seconds_bucket{le="1"} 0\nt_seconds_bucket{le="+Inf"} 0\nt_seconds_sum 0\nt_seconds_count 0\n',
  );
  h.observe(0.05);
  h.observe(0.1); // a bound is inclusive
  h.observe(0.5);
  h.observe(3);
  assert.is(
    registry.render(),
    '# HELP t_seconds Time.\n# TYPE t_seconds histogram\nt_seconds_bucket{le="0.1"} 2\nt_seconds_bucket{le="1"} 3\nt_seconds_bucket{le="+Inf"} 4\nt_seconds_sum 3.65\nt_seconds_count 4\n',
  );
});

histogram("puts `le` after the series' own labels", () => {
  const registry = new MetricRegistry();
  registry.histogram("s_seconds", "Store.", [1], ["operation"]).observe(2, { operation: "claim" });
  assert.is(
    registry.render(),
    '# HELP s_seconds Store.\n# TYPE s_seconds histogram\ns_seconds_bucket{operation="claim",le="1"} 0\ns_seconds_bucket{operation="claim",le="+Inf"} 1\ns_seconds_sum{operation="claim"} 2\ns_seconds_count{operation="claim"} 1\n',
  );
});

histogram.run();

const gauge = suite("MetricRegistry.gauge()");

gauge("reads its value at each render, as a gauge or a counter", () => {
  const registry = new MetricRegistry();
  let value = 1;
  registry.gauge("g", "G.", () => value);
  registry.gauge("c_total", "C.", () => value * 2, "counter");
  value = 5;
  assert.is(registry.render(), "# HELP g G.\n# TYPE g gauge\ng 5\n# HELP c_total C.\n# TYPE c_total counter\nc_total 10\n");
});

gauge.run();

const values = suite("escapeLabelValue() and formatNumber()");

values("escape only backslash, double quote and line feed", () => {
  assert.is(escapeLabelValue('\\"\n\tx'), '\\\\\\"\\n\tx');
  assert.is(escapeLabelValue(""), "");
});

values("spell infinities and NaN as the format does", () => {
  assert.equal([Infinity, -Infinity, NaN, 0, 1e21, 0.25].map(formatNumber), ["+Inf", "-Inf", "NaN", "0", "1e+21", "0.25"]);
});

values.run();
