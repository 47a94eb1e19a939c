import { Stack, type RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { table as definition } from '../../shared/db/table';
import type { Access } from '../../shared/catalog';

export interface HearthTableProps {
  /** Deletion protection on, unless the stack is a throwaway dev stack. */
  deletionProtection: boolean;
  removalPolicy: RemovalPolicy;
}

const string = (name: string): dynamodb.Attribute => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * Hearth's single table, built from the same definition as the local runtime's (shared/db/table.ts).
 * On-demand, so an idle organisation pays for storage only.
 */
export class HearthTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: HearthTableProps) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: string(definition.partitionKey),
      sortKey: string(definition.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: definition.ttlAttribute,
      deletionProtection: props.deletionProtection,
      removalPolicy: props.removalPolicy,
    });
    for (const index of definition.indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: string(index.partitionKey),
        sortKey: string(index.sortKey),
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
  }

  /**
   * Grants what the catalog says and returns the wildcard the grant contains: the table's indexes
   * (`<table arn>/index/*`), which cdk-nag reports as AwsSolutions-IAM5 and the caller acknowledges.
   */
  grant(grantee: iam.IGrantable, access: NonNullable<Access['table']>): string | undefined {
    if (access === 'read') this.table.grantReadData(grantee);
    else this.table.grantReadWriteData(grantee);
    if ((definition.indexes as readonly unknown[]).length === 0) return undefined;
    const logicalId = Stack.of(this).resolve((this.table.node.defaultChild as dynamodb.CfnTable).logicalId) as string;
    return `Resource::<${logicalId}.Arn>/index/*`;
  }
}
