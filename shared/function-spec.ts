import type { AnyEventDefinition } from './events/define';
import type { NamedRoutes, RouteKey } from './http/route-key';

/** The shape of a catalog entry (./catalog.ts): a function, its trigger and what it may touch. */

/**
 * - http: API Gateway routes.
 * - event: an exact EventBridge rule (source + detail-type) on Hearth's bus.
 *   Time-driven work is an event too: functions with `access.schedules` create one-time
 *   EventBridge Scheduler schedules (shared/events/scheduler.ts) that put an event (source
 *   `hearth.schedule`) on the bus at their instant, and its consumer is an event function like any
 *   other. Locally the runtime keeps the schedules and fires them by the one clock (POST
 *   /dev/clock). See docs/decisions.md, "Time-driven work".
 */
export type Trigger =
  | { kind: 'http'; routes: readonly RouteKey[] }
  | { kind: 'event'; event: AnyEventDefinition };

/** What a function may touch; the stack grants exactly this and nothing else. */
export interface Access {
  table?: 'read' | 'readwrite';
  /** PutEvents on Hearth's bus. */
  bus?: boolean;
  /** SendEmail through SES with Hearth's identity and configuration set. */
  mail?: boolean;
  /**
   * Read the link secret: the keys of link tokens and of the keyed hashes of addresses (claims,
   * suppressions, organizers, rate limits) derive from it. Granted to every function whose bundle can
   * reach the code that reads it (test/infra/stack.test.ts checks both ways).
   */
  linkSecret?: boolean;
  /** Create, replace and delete one-time schedules in Hearth's schedule group. */
  schedules?: boolean;
  /** Read the SES account's sending quota (GetAccount), to pace bulk sending by it. */
  sendQuota?: boolean;
}

/**
 * What a function is part of. On AWS each capability is one nested stack (docs/decisions.md,
 * "Room to grow"), so a capability's functions, routes, rules, queues and alarms count against its
 * own 500 CloudFormation resources, not against one stack's.
 */
export const capabilities = ['registration', 'workshops', 'console', 'reminders', 'surveys', 'subscribers', 'campaigns', 'deliverability', 'people', 'groups'] as const;
export type Capability = (typeof capabilities)[number];

export interface FunctionSpec {
  /** Short kebab-case name, unique; the Lambda function and its log group derive from it. */
  name: string;
  capability: Capability;
  /** Entry file, relative to the project root; it exports `handler`. */
  entry: string;
  description: string;
  trigger: Trigger;
  access: Access;
  timeoutSeconds?: number;
  memoryMb?: number;
}

/** The trigger of a function that consumes `event`. */
export const on = (event: AnyEventDefinition): Trigger => ({ kind: 'event', event });

/** HTTP routes, by name: `http(routes.cancelRegistration)` (each route key is written once, in ./routes.ts). */
export const http = (named: NamedRoutes): Trigger => ({ kind: 'http', routes: Object.values(named) });
