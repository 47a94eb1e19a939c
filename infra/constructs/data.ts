import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { table as definition } from '../../shared/db/table';
import { acknowledgeWildcardResources } from './nag';
import type { Access } from '../../shared/function-spec';

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
   * Grants what the catalog says. The grant covers the table's indexes (`<table arn>/index/*`), a
   * wildcard cdk-nag reports as AwsSolutions-IAM5; it is acknowledged here, on the grantee's role.
   */
  grant(role: iam.Role, access: NonNullable<Access['table']>): void {
    const grant = access === 'read' ? this.table.grantReadData(role) : this.table.grantReadWriteData(role);
    acknowledgeWildcardResources(role, [grant], "The table's global secondary indexes (`<table arn>/index/*`); the grant names Hearth's one table and nothing else.");
  }
}
