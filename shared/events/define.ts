import * as z from 'zod/mini';
import '../zod-locale';
import { instant } from './fields';

/**
 * One definition per event detail-type: its source, its detail-type, its schema version and the
 * zod schema of its data. The envelope (eventId, occurredAt, schemaVersion, data) is the EventBridge
 * `detail`; publishing and consuming both parse it with `detail`.
 */
export interface EventDefinition<Name extends string = string, Data extends z.ZodMiniType = z.ZodMiniType> {
  source: string;
  detailType: Name;
  schemaVersion: number;
  data: Data;
  detail: z.ZodMiniType<Envelope<z.infer<Data>>>;
}

/** An event published by AWS itself (SES): its detail has AWS's shape, not our envelope. */
export interface AwsEventDefinition<Detail extends z.ZodMiniType = z.ZodMiniType> {
  source: string;
  detailType: string;
  detail: Detail;
}

export type AnyEventDefinition = EventDefinition | AwsEventDefinition;

export interface Envelope<Data> {
  /** Idempotency key: the same logical event always carries the same id. */
  eventId: string;
  occurredAt: string;
  schemaVersion: number;
  data: Data;
}

export const defineEvent = <Name extends string, Data extends z.ZodMiniType>(def: {
  source: string;
  detailType: Name;
  schemaVersion: number;
  data: Data;
}): EventDefinition<Name, Data> => ({
  ...def,
  detail: z.strictObject({
    eventId: z.string().check(z.minLength(8), z.maxLength(200)),
    occurredAt: instant,
    schemaVersion: z.literal(def.schemaVersion),
    data: def.data,
  }) as unknown as z.ZodMiniType<Envelope<z.infer<Data>>>,
});

export type DataOf<E extends EventDefinition> = z.infer<E['data']>;

/** An event ready to publish: its definition and its envelope. */
export interface OutgoingEvent<E extends EventDefinition = EventDefinition> {
  definition: E;
  detail: Envelope<DataOf<E>>;
}

export const makeEvent = <E extends EventDefinition>(
  definition: E,
  eventId: string,
  data: DataOf<E>,
  occurredAt: string,
): OutgoingEvent<E> => ({
  definition,
  detail: { eventId, occurredAt, schemaVersion: definition.schemaVersion, data },
});

export const defineAwsEvent = <Detail extends z.ZodMiniType>(def: AwsEventDefinition<Detail>) => def;
