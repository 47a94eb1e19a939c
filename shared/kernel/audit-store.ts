import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from '../db/client';
import { expiresAfter, retentionDays } from './retention';

/** `AUDIT#<yyyy-mm>` / `<at>#<id>`, and on gsi1 `AUDIT` / `<at>#<id>`: newest first across months. */
const auditKey = (at: string, id: string) => ({ pk: `AUDIT#${at.slice(0, 7)}`, sk: `${at}#${id}`, gsi1pk: 'AUDIT', gsi1sk: `${at}#${id}` });

/**
 * The audit log: who (an organizer id, or `api-key:<id>`), did what, to what (ids only), when. It
 * holds no attendee data beyond ids. Domain operations record their own entries (./actor.ts). Each
 * entry goes by TTL after HEARTH_RETENTION_AUDIT_DAYS (a year by default).
 */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: string;
  action: string;
  target?: string;
}

export const AuditLog = {
  async record(actorId: string, action: string, target: string | undefined, at: Date): Promise<void> {
    const entry: AuditEntry = { id: randomUUID(), at: at.toISOString(), actorId, action, ...(target ? { target } : {}) };
    await db().send(new PutCommand({ TableName: config.tableName, Item: { ...auditKey(entry.at, entry.id), ...entry, expiresAt: expiresAfter(at, retentionDays('audit')) } }));
  },

  /** Newest first. */
  async recent(limit = 200): Promise<AuditEntry[]> {
    const { Items: items = [] } = await db().send(
      new QueryCommand({
        TableName: config.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'AUDIT' },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return items.map((item) => ({
      id: String(item.id),
      at: String(item.at),
      actorId: String(item.actorId),
      action: String(item.action),
      ...(item.target ? { target: String(item.target) } : {}),
    }));
  },
};
