import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { config } from '../config';
import { db } from './client';
import { table } from './table';

/** Every page of a query: its items, and the total Count (for `Select: 'COUNT'`). */
export const queryAll = async (input: QueryCommandInput): Promise<{ items: Record<string, unknown>[]; count: number }> => {
  const items: Record<string, unknown>[] = [];
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return { items, count };
};

/**
 * Every item in one partition of the index `gsi1` (the items of one kind listed together, e.g.
 * WORKSHOP, APIKEY, ORGANIZER), optionally filtered. The index comes from the table definition.
 */
export const listByIndex = async (
  partition: string,
  filter?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> },
): Promise<Record<string, unknown>[]> => {
  const index = table.indexes[0];
  const { items } = await queryAll({
    TableName: config.tableName,
    IndexName: index.name,
    KeyConditionExpression: '#indexPk = :indexPk',
    ...(filter ? { FilterExpression: filter.expression } : {}),
    ExpressionAttributeNames: { '#indexPk': index.partitionKey, ...filter?.names },
    ExpressionAttributeValues: { ':indexPk': partition, ...filter?.values },
  });
  return items;
};

/**
 * A query page by page, for work that must not hold a whole partition in memory (fan-out to
 * thousands of registrants, campaign audiences): at most `pageSize` items at a time.
 */
export async function* queryPages(input: QueryCommandInput, pageSize = 100): AsyncGenerator<Record<string, unknown>[]> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new QueryCommand({ ...input, Limit: pageSize, ExclusiveStartKey: start }));
    if (page.Items?.length) yield page.Items;
    start = page.LastEvaluatedKey;
  } while (start);
}
