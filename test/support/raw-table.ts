import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

/** Every raw item in the table, read as the test sees DynamoDB Local (strongly consistent): what a scan of the whole table finds. */
export const scanAll = async (client: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> => {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) items.push(...((page.Items ?? []) as Record<string, unknown>[]));
  return items;
};

/** A document client on a running runtime's DynamoDB Local, as the test sees it. */
export const rawDocuments = (hearth: { dynamoEndpoint: string }): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: hearth.dynamoEndpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));

/** Every raw item of a running runtime's table (its DynamoDB Local endpoint and table name). */
export const rawItemsOf = (hearth: { dynamoEndpoint: string; tableName: string }): Promise<Record<string, unknown>[]> => scanAll(rawDocuments(hearth), hearth.tableName);
