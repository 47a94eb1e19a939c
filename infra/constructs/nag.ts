import { Stack, Validations } from 'aws-cdk-lib';
import type * as iam from 'aws-cdk-lib/aws-iam';
// The function cdk-nag itself spells AwsSolutions-IAM5 findings with (not re-exported from the
// package root): an acknowledgement spelled by anything else can drift from the finding.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import type { IConstruct } from 'constructs';

/**
 * Acknowledges AwsSolutions-IAM5 for exactly the wildcard resources of the given grants (e.g. a
 * table's `<table arn>/index/*`, a schedule group's `schedule/<group>/*`), on the construct that
 * holds the policy.
 *
 * The findings are spelled when the tree is validated, not when the grant is made: by then CDK has
 * resolved the stack's environment and its cross-stack references, as cdk-nag sees them. An ARN
 * holds `<AWS::Region>` in an environment-agnostic stack but the literal region once the CDK CLI
 * resolved one (it always does, us-east-1 by default), and a resource of a parent stack appears in
 * a nested stack as a parameter; an acknowledgement written out by hand matches only one of these.
 */
export const acknowledgeWildcardResources = (holder: IConstruct, grants: readonly iam.Grant[], reason: string): void => {
  const resources = grants.flatMap((grant) => grant.principalStatements.flatMap((statement) => statement.resources));
  holder.node.addValidation({
    validate: () => {
      const stack = Stack.of(holder);
      const wildcards = new Set(resources.map((arn) => flattenCfnReference(stack.resolve(arn))).filter((arn) => arn.includes('*')));
      for (const arn of wildcards) {
        // A reviewed wildcard narrows a path (`…/index/*`); a grant on every resource is never acknowledged here.
        if (!/\/\*$/.test(arn)) throw new Error(`Not a path wildcard, acknowledge it where it is granted: ${arn}`);
        Validations.of(holder).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arn}]`, reason });
      }
      return [];
    },
  });
};
