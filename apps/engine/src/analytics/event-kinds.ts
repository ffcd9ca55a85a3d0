import type { EventNameIds } from '@retain/segmentation';

/**
 * Which tracked event names feed which behavioural features. Names are compared lower-cased with
 * spaces, dashes and underscores removed, so "Support Contacted", "support_contacted" and
 * "support-contacted" are the same event.
 */
export const EVENT_KIND_NAMES = {
  supportContact: ['supportcontacted', 'supportcontact', 'ticketcreated', 'supportticketcreated', 'complaintfiled'],
  satisfaction: ['csatsubmitted', 'npssubmitted', 'surveyanswered', 'satisfactionrated', 'csat', 'nps'],
  emailDelivered: ['emaildelivered', 'emailsent'],
  emailOpened: ['emailopened'],
  emailClicked: ['emailclicked', 'emaillinkclicked'],
} as const satisfies Record<keyof EventNameIds, readonly string[]>;

export type EventKind = keyof typeof EVENT_KIND_NAMES;
export const EVENT_KINDS = Object.keys(EVENT_KIND_NAMES) as EventKind[];

export function normalizeEventName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

/** The library's name-id lists when event kinds are numbered by their position in EVENT_KINDS. */
export function eventNameIdsByKind(): EventNameIds {
  return Object.fromEntries(EVENT_KINDS.map((kind, id) => [kind, [id]])) as EventNameIds;
}
