/**
 * Keys of support groups in Hearth's single table (docs/data-model.md).
 *
 * | item  | pk            | sk    | gsi1pk | gsi1sk              |
 * |-------|---------------|-------|--------|---------------------|
 * | group | GROUP#<id>    | GROUP | GROUP  | <createdAt>#<id>    |
 */
export const groupKey = (groupId: string) => ({ pk: `GROUP#${groupId}`, sk: 'GROUP' });
export const GROUP_PARTITION = 'GROUP';
export const groupIndex = (createdAt: string, groupId: string) => ({ gsi1pk: GROUP_PARTITION, gsi1sk: `${createdAt}#${groupId}` });
