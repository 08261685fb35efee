/**
 * Start-up check that the namespace has the entity workflows' search attributes: without them every
 * workflow task of an entity workflow fails (its upsert is rejected) and nothing gets synced.
 */
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { SEARCH_ATTRIBUTES } from '../workflows/search-attributes';

/** Names of `keys` the namespace lacks or has with another type, as `Name (Type)`; empty when all are there. */
export async function missingSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
  keys: ReadonlyArray<SearchAttributeKey<SearchAttributeType>> = SEARCH_ATTRIBUTES,
): Promise<string[]> {
  const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
  return keys
    .filter((k) => customAttributes[k.name] !== encodeSearchAttributeIndexedValueType(k.type))
    .map((k) => `${k.name} (${k.type})`);
}

