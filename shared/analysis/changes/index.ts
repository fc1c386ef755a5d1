/** Which configuration changes (CloudTrail change events) touched which service map node. */
export { changesByNode, MAX_CHANGES_PER_NODE, type NodeChange } from './node-changes.ts';
export { eventJoins, type EventJoin } from './event-joins.ts';
/** Lambda's event names without their API-version suffix, as the lane and the views show them. */
export { withoutVersionSuffix } from '../../dataset/index.ts';
export { BURST_GAP, changeLane, changedResource, hiddenReason, type ChangeLane, type HiddenReason, type LaneMarker } from './lane.ts';
export { configDiff, type ConfigDiff, type ConfigDiffEntry } from './config-diff.ts';
export { changeDetail, type ChangeDetail } from './change-detail.ts';
export { changeList, madeIn, MAX_CHANGE_ROWS, type ChangeJoins, type ChangeListPage, type ChangeListRequest, type ChangeRow, type LaneFilter } from './change-list.ts';
