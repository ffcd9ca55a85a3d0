// What the triggers need to know about the published flows, built once and kept in memory so the
// ingest path pays a Map lookup per event, not a query: which flows start on a segment, an event or
// a schedule, and which event names some published version waits for or counts as a goal.
import { compileCondition, type CompiledCondition, type FlowDefinition, type TriggerSource } from '@retain/rules';

/** One published flow version, as read from flows + flow_versions. */
export interface PublishedVersion {
  flowId: number;
  flowVersionId: number;
  flowStatus: string;
  /** This version is the flow's current one (new customers enter it). */
  current: boolean;
  definition: FlowDefinition;
  /** When this version was published. */
  publishedAt?: Date;
}

export interface EventTrigger {
  flowId: number;
  /** The trigger's property condition compiled over the event's properties; undefined: every event of that name. */
  matches?: CompiledCondition;
}

export interface ScheduleTrigger {
  flowId: number;
  cron: string;
  audienceSegmentId: number;
}

export interface TriggerIndex {
  /** segment id → active flows that start when a customer enters it */
  segmentEntered: ReadonlyMap<number, readonly number[]>;
  /** flow id → when its first version was published: segment entries from before then do not enroll. */
  liveSince: ReadonlyMap<number, Date>;
  /** event name → active flows that start on it */
  events: ReadonlyMap<string, readonly EventTrigger[]>;
  schedules: readonly ScheduleTrigger[];
  /** Event names a wait step of any published version waits for (enrollments may still sit there). */
  waitEventNames: ReadonlySet<string>;
  /** Event names a goal step of any published version counts. */
  goalEventNames: ReadonlySet<string>;
}

export const EMPTY_TRIGGER_INDEX: TriggerIndex = { segmentEntered: new Map(), liveSince: new Map(), events: new Map(), schedules: [], waitEventNames: new Set(), goalEventNames: new Set() };

/** A trigger's source, or undefined when the definition has no readable trigger (it cannot start anything). */
export function triggerSourceOf(definition: FlowDefinition): TriggerSource | undefined {
  const node = definition.nodes?.find((n) => n.type === 'trigger');
  return (node?.data as { source?: TriggerSource } | undefined)?.source;
}

/** Segment ids are decimal strings in flow JSON (the id `inSegment` uses too). */
function segmentIdOf(text: string): number | undefined {
  return /^[1-9]\d{0,9}$/.test(text) ? Number(text) : undefined;
}

/**
 * Builds the index. Only current versions of active flows start new enrollments; waits and goals
 * are collected from every published version, since customers stay on the version they entered.
 * `now` is the clock for operators like daysAgoGreaterThan in event conditions.
 */
export function buildTriggerIndex(versions: readonly PublishedVersion[], now: () => Date = () => new Date()): TriggerIndex {
  const segmentEntered = new Map<number, number[]>();
  const liveSince = new Map<number, Date>();
  const events = new Map<string, EventTrigger[]>();
  const schedules: ScheduleTrigger[] = [];
  const waitEventNames = new Set<string>();
  const goalEventNames = new Set<string>();

  for (const version of versions) {
    const since = liveSince.get(version.flowId);
    if (version.publishedAt && (!since || version.publishedAt < since)) liveSince.set(version.flowId, version.publishedAt);
    for (const node of version.definition.nodes ?? []) {
      const data = node.data as { mode?: string; eventName?: string };
      if (node.type === 'wait' && data.mode === 'event' && data.eventName) waitEventNames.add(data.eventName);
      if (node.type === 'goal' && data.eventName) goalEventNames.add(data.eventName);
    }
    if (!version.current || version.flowStatus !== 'active') continue;
    const source = triggerSourceOf(version.definition);
    if (source?.kind === 'segment-entered') {
      const segmentId = segmentIdOf(source.segmentId);
      if (segmentId !== undefined) segmentEntered.set(segmentId, [...(segmentEntered.get(segmentId) ?? []), version.flowId]);
    } else if (source?.kind === 'event') {
      events.set(source.eventName, [...(events.get(source.eventName) ?? []), { flowId: version.flowId, matches: compileEventCondition(source.condition, now) }]);
    } else if (source?.kind === 'schedule') {
      const audienceSegmentId = segmentIdOf(source.audienceSegmentId);
      if (audienceSegmentId !== undefined) schedules.push({ flowId: version.flowId, cron: source.cron, audienceSegmentId });
    }
  }
  return { segmentEntered, liveSince, events, schedules, waitEventNames, goalEventNames };
}

/**
 * An event condition reads the event's properties as facts: `{ fact: "amount", operator:
 * "greaterThan", value: 100 }` matches `track("order", { amount: 120 })`. It is compiled once per
 * index refresh (every few seconds), not per event; only relative-date operators read `now`, and
 * a few seconds do not change them. A condition that no longer compiles (published versions were
 * validated, so only after a library change) matches nothing rather than everything.
 */
function compileEventCondition(condition: unknown, now: () => Date): CompiledCondition | undefined {
  if (condition === undefined) return undefined;
  try {
    return compileCondition(condition, { now: now() });
  } catch {
    return () => false;
  }
}
