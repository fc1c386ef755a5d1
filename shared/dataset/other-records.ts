import { toChangeEvent } from './changes/change-event.ts';
import { ChangeEventSet } from './changes/event-set.ts';
import { toMetricSeries } from './metric-series.ts';
import { jsonObject, ownString } from '../base/json.ts';
import type { Dataset, MetricSeries, Problem, RawRecord, XRaySamplingRuleRecord, XRayServiceGraph, XRayTraceSummary } from '../model/index.ts';

/**
 * The records of a snapshot that are not segment documents — trace summaries, captured service
 * graphs, CloudTrail events and metric results — read into what the dataset holds of them. One
 * reader for both derivations of a snapshot: the full dataset (DatasetBuilder) and the tally an
 * import reports (DatasetTally). Bad records become problems in `problems`, in record order.
 */
export class OtherRecords {
  readonly summaryById = new Map<string, XRayTraceSummary>();
  readonly capturedGraphs: XRayServiceGraph[] = [];
  readonly events = new ChangeEventSet();
  readonly metrics: MetricSeries[] = [];
  readonly ruleByKey = new Map<string, XRaySamplingRuleRecord>();

  constructor(
    private readonly problems: Problem[],
    private readonly fileOf: (source: number) => string,
  ) {}

  /** What a dataset (or a tally) holds of these records, once every record is read. */
  parts(): Pick<Dataset, 'summaries' | 'capturedGraphs' | 'events' | 'duplicateEvents' | 'metrics' | 'samplingRules'> {
    return {
      summaries: [...this.summaryById.values()],
      capturedGraphs: this.capturedGraphs,
      events: this.events.sorted(),
      duplicateEvents: this.events.duplicates,
      metrics: this.metrics,
      samplingRules: [...this.ruleByKey.values()],
    };
  }

  /** One record of any kind but `xray.segment` (which it ignores); `at` names it in problems. */
  read(record: RawRecord, at: string): void {
    switch (record.kind) {
      case 'xray.summary': {
        const summary = record.doc as XRayTraceSummary;
        if (typeof summary?.Id !== 'string') {
          this.problems.push({ file: this.fileOf(record.source), at, message: 'trace summary without `Id`' });
          break;
        }
        const previous = this.summaryById.get(summary.Id);
        if (!previous || Number(summary.Revision ?? 0) > Number(previous.Revision ?? 0)) this.summaryById.set(summary.Id, summary);
        break;
      }
      case 'xray.serviceGraph': {
        const graph = record.doc as XRayServiceGraph;
        if (!Array.isArray(graph?.Services)) this.problems.push({ file: this.fileOf(record.source), at, message: 'service graph without `Services`' });
        else this.capturedGraphs.push(graph);
        break;
      }
      case 'cloudtrail.record':
      case 'cloudtrail.lookupEvent':
      case 'cloudtrail.eventBridge': {
        const event = toChangeEvent(record.kind, record.doc);
        if (typeof event === 'string') {
          this.problems.push({ file: this.fileOf(record.source), at, message: event });
          break;
        }
        const conflict = this.events.add(event, this.fileOf(record.source), at);
        if (conflict !== undefined) this.problems.push(conflict);
        break;
      }
      case 'xray.samplingRule': {
        const rules = jsonObject(record.doc);
        const rule = jsonObject(rules?.SamplingRule);
        const key = ownString(rule ?? {}, 'RuleARN') ?? ownString(rule ?? {}, 'RuleName');
        if (rules === undefined || key === undefined) {
          this.problems.push({ file: this.fileOf(record.source), at, message: 'sampling rule record without `SamplingRule.RuleName`' });
          break;
        }
        // The same rule read twice (two captures, a capture and a CLI file): the later edit is the one in effect.
        const previous = this.ruleByKey.get(key);
        if (!previous || Number(rules.ModifiedAt ?? 0) > Number(previous.ModifiedAt ?? 0)) this.ruleByKey.set(key, rules as unknown as XRaySamplingRuleRecord);
        break;
      }
      case 'metrics.result': {
        const series = toMetricSeries(record.doc);
        if (typeof series === 'string') this.problems.push({ file: this.fileOf(record.source), at, message: series });
        else this.metrics.push(series);
        break;
      }
    }
  }
}
