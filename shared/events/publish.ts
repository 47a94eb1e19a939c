import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { config } from '../config';
import type { OutgoingEvent } from './define';

/**
 * Publishes events to Hearth's bus after validating each with its one schema. The endpoint comes
 * from AWS_ENDPOINT_URL_EVENTBRIDGE, which the local runtime points at its own bus.
 */
let client: EventBridgeClient | undefined;
const events = () => (client ??= new EventBridgeClient({ maxAttempts: 5 }));

export const publish = async (outgoing: readonly OutgoingEvent[]): Promise<void> => {
  const entries = outgoing.map(({ definition, detail }) => ({
    EventBusName: config.eventBusName,
    Source: definition.source,
    DetailType: definition.detailType,
    Detail: JSON.stringify(definition.detail.parse(detail)),
    Time: new Date(detail.occurredAt),
  }));
  for (let i = 0; i < entries.length; i += 10) {
    const batch = entries.slice(i, i + 10);
    const result = await events().send(new PutEventsCommand({ Entries: batch }));
    if (result.FailedEntryCount) {
      const codes = (result.Entries ?? []).map((entry) => entry.ErrorCode).filter(Boolean);
      throw new Error(`PutEvents failed for ${result.FailedEntryCount} of ${batch.length} events: ${codes.join(', ')}`);
    }
  }
};
