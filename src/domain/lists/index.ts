/** Whitelists of campus affairs and approved inspection plans, per region and year: import and lookup. */
export { createListRepo, type ListRepo, type ListSummary } from './list-repo';
export { parseActivityList, LIST_LIMITS, type ParsedList, type ListProblem, type ListFormat } from './parse-activity-list';
export { loadListColumns, parseListColumns, headerKey, type ListColumns } from './list-columns';
export { loadDemoList } from './load-demo-list';
