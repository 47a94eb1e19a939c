import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db, isConditionFailure } from '../db/client';
import { listByIndex } from '../db/query';
import { transact, type TransactItem } from '../db/transact';
import { organizerKey } from './keys';
import { normalizeEmail } from '../kernel/email';

/** Organizers: the people who may use the console (keys: ./keys.ts). */
export type OrganizerRole = 'admin' | 'organizer';

export interface Organizer {
  id: string;
  email: string;
  role: OrganizerRole;
  createdAt: string;
}

/**
 * Why an admin's change to the organizers was refused. Nothing was changed in any of these cases.
 * - `not-found`: no organizer with that id (removed meanwhile, or never there).
 * - `self`: an admin may not remove themselves (another admin can).
 * - `last-admin`: demoting this admin would leave no admin at all.
 * - `not-admin`: the one asking is no longer an admin (changed meanwhile).
 */
export type OrganizerRefusal = 'not-found' | 'self' | 'last-admin' | 'not-admin';

export type RoleChangeOutcome =
  | { ok: true; organizer: Organizer; previousRole: OrganizerRole; changed: boolean }
  | { ok: false; reason: OrganizerRefusal };

export type RemovalOutcome = { ok: true; organizer: Organizer } | { ok: false; reason: OrganizerRefusal };

/** Attempts when a transaction's condition fails because something changed between reading and writing. */
const ATTEMPTS = 3;

const strip = (item: Record<string, unknown>): Organizer => ({
  id: String(item.id),
  email: String(item.email),
  role: item.role as OrganizerRole,
  createdAt: String(item.createdAt),
});

export const Organizers = {
  /** Adds an organizer; an address that already belongs to one is answered with that one. */
  async add(email: string, role: OrganizerRole, at: Date): Promise<{ organizer: Organizer; created: boolean }> {
    const organizer: Organizer = { id: randomUUID(), email: normalizeEmail(email), role, createdAt: at.toISOString() };
    try {
      await db().send(
        new PutCommand({
          TableName: config.tableName,
          Item: { ...(await organizerKey(email)), gsi1pk: 'ORGANIZER', gsi1sk: `${organizer.createdAt}#${organizer.id}`, ...organizer },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { organizer, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { organizer: (await this.findByEmail(email))!, created: false };
    }
  },

  async findByEmail(email: string): Promise<Organizer | undefined> {
    const result = await db().send(new GetCommand({ TableName: config.tableName, Key: await organizerKey(email), ConsistentRead: true }));
    return result.Item ? strip(result.Item) : undefined;
  },

  /** By id: organizers are few, so the list is read (the sign-in mail's lookup). */
  async findById(id: string): Promise<Organizer | undefined> {
    return (await this.list()).find((organizer) => organizer.id === id);
  },

  /** By id, read strongly consistently (the index only tells which address to read). */
  async findCurrent(id: string): Promise<Organizer | undefined> {
    const listed = await this.findById(id);
    if (!listed) return undefined;
    const current = await this.findByEmail(listed.email);
    return current?.id === id ? current : undefined;
  },

  /**
   * Sets an organizer's role, as `actor` (an admin). Sessions read the role on every request, so
   * the change applies at once. The rules, checked in the same transaction as the write so that
   * concurrent changes cannot get around them:
   * - the actor must still be an admin;
   * - an admin who demotes themselves needs another admin who stays one (never zero admins).
   */
  async changeRole(actor: Organizer, targetId: string, role: OrganizerRole, at: Date): Promise<RoleChangeOutcome> {
    for (let attempt = 1; ; attempt++) {
      const target = await this.findCurrent(targetId);
      if (!target) return { ok: false, reason: 'not-found' };
      if (target.role === role) return { ok: true, organizer: target, previousRole: target.role, changed: false };
      const self = target.id === actor.id;
      // The only change to oneself is stepping down; the update's condition (role still admin) then also checks the actor.
      if (self && target.role !== 'admin') return { ok: false, reason: 'not-admin' };
      let guard: Organizer | undefined = actor;
      if (self) {
        // Demoting oneself: some other admin must still be an admin when the write happens.
        guard = undefined;
        for (const other of (await this.list()).filter((o) => o.id !== actor.id && o.role === 'admin')) {
          const current = await this.findByEmail(other.email);
          if (current?.id === other.id && current.role === 'admin') {
            guard = current;
            break;
          }
        }
        if (!guard) return { ok: false, reason: 'last-admin' };
      }
      const outcome = await transact([
        {
          Update: {
            TableName: config.tableName,
            Key: await organizerKey(target.email),
            UpdateExpression: 'SET #role = :role, roleChangedAt = :at',
            ConditionExpression: '#id = :id AND #role = :from',
            ExpressionAttributeNames: { '#id': 'id', '#role': 'role' },
            ExpressionAttributeValues: { ':id': target.id, ':from': target.role, ':role': role, ':at': at.toISOString() },
          },
        },
        await stillAdmin(guard),
      ]);
      if (outcome.ok) return { ok: true, organizer: { ...target, role }, previousRole: target.role, changed: true };
      if (!self && outcome.failed[1]) return { ok: false, reason: 'not-admin' };
      if (attempt >= ATTEMPTS) return { ok: false, reason: outcome.failed[0] ? 'not-found' : self ? 'last-admin' : 'not-admin' };
    }
  },

  /**
   * Removes an organizer, as `actor` (an admin other than them). Their sessions end at once: a
   * session finds its organizer by address on every request (auth.ts findSession), and there is
   * none any more. Their past actions stay in the audit log under their id.
   */
  async remove(actor: Organizer, targetId: string): Promise<RemovalOutcome> {
    if (targetId === actor.id) return { ok: false, reason: 'self' };
    for (let attempt = 1; ; attempt++) {
      const target = await this.findCurrent(targetId);
      if (!target) return { ok: false, reason: 'not-found' };
      const outcome = await transact([
        {
          Delete: {
            TableName: config.tableName,
            Key: await organizerKey(target.email),
            ConditionExpression: '#id = :id',
            ExpressionAttributeNames: { '#id': 'id' },
            ExpressionAttributeValues: { ':id': target.id },
          },
        },
        await stillAdmin(actor),
      ]);
      if (outcome.ok) return { ok: true, organizer: target };
      if (outcome.failed[1]) return { ok: false, reason: 'not-admin' };
      if (attempt >= ATTEMPTS) return { ok: false, reason: 'not-found' };
    }
  },

  async list(): Promise<Organizer[]> {
    return (await listByIndex('ORGANIZER')).map(strip);
  },
};

/** A transaction's check that this organizer is, at the moment of the write, still an admin. */
const stillAdmin = async (organizer: Organizer): Promise<TransactItem> => ({
  ConditionCheck: {
    TableName: config.tableName,
    Key: await organizerKey(organizer.email),
    ConditionExpression: '#id = :id AND #role = :admin',
    ExpressionAttributeNames: { '#id': 'id', '#role': 'role' },
    ExpressionAttributeValues: { ':id': organizer.id, ':admin': 'admin' },
  },
});
