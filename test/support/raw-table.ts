import { paginateScan, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Every raw item in the table, read as the test sees DynamoDB Local (strongly consistent): what a scan of the whole table finds. */
export const scanAll = async (client: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  return items;
};
