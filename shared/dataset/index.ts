/**
 * What an opened incident is made of, normalised once at open (architecture.md "dataset"): the
 * X-Ray segments assembled into traces (assembly/), CloudTrail records read as change events
 * (changes/), GetMetricData results as metric series, all in one `Dataset` (buildDataset). An import
 * reports only counts, the window and problems: tallyDataset derives those without assembling.
 *
 * Unlike architecture.md's sketch, which puts naming/ under analysis/, the X-Ray node naming lives
 * here (naming/): the assembler names the inferred nodes it adds, and a dataset folder may not
 * import analysis/. The service graph and the filter's node index find their nodes through it.
 */
export { buildDataset, DatasetBuilder } from './build-dataset.ts';
export { dataWindow } from './data-window.ts';
export { SpanStore } from './spans/span-store.ts';
export { appendShard, shardBuffers, shardOf, type StoreShard } from './spans/store-shard.ts';
export { StreamedTally, tallyDataset } from './dataset-tally.ts';
export { AssembledSpan, toSpanObject } from './assembly/assembled-span.ts';
export { assembleTraces, DEFAULT_SKEW_TOLERANCE_SECONDS, type AssembleOptions, type AssembledTraces } from './assembly/assemble.ts';
export { SKIPPED_SUBSEGMENT } from './assembly/read.ts';
export { awsCallTarget, awsServiceName, canonicalType, functionName, inferredNodeName, nodeKey, serviceIdentity, urlHost, type AwsCallTarget, type ServiceIdentity } from './naming/service-naming.ts';
export { SpanNodes } from './naming/span-nodes.ts';
export { parseFunctionName, withoutVersionSuffix } from './changes/config-changes.ts';
