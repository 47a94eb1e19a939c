import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inventory } from '../../shared/inventory';
import { undeclared, type Undeclared } from '../../shared/kernel/inventory';
import { scanAll } from './raw-table';

/**
 * Every item a test left in DynamoDB Local, checked against the data inventory: an attribute no
 * entry declares (personal or not) is a finding. The runtime's handle runs it when it stops, so
 * every integration scenario is walked, those of later capabilities included.
 */
export const checkInventory = async (endpoint: string, tableName: string): Promise<Undeclared[]> => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
  try {
    return undeclared(inventory, await scanAll(client, tableName));
  } finally {
    client.destroy();
  }
};
