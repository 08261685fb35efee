/**
 * Activities of the identifier workflow: events of PIMs before 7.0 name a product by its identifier only.
 * The PIM resolves it to the uuid (`GET /products/{identifier}`); the sync state knows the uuid of a product
 * the PIM no longer has (a removal). The events then go on to the product's own entity workflow.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { PimReader } from '../akeneo/types';
import type { EntityEvent } from '../domain/entity';
import { FailureType } from '../failures';
import { signalEntity } from '../signal-entity';
import { quoted, runningEntityWorkflows } from '../visibility-query';
import { SearchAttr } from '../workflows/search-attributes';
import type { ProductSyncOptions } from '../workflows/product-sync';
import { toPimFailure } from './failure-mapping';

/** Input of `forwardEvents`. */
export interface ForwardEventsInput {
  uuid: string;
  identifier: string;
  events: EntityEvent[];
  options?: ProductSyncOptions;
}

/** The PIM-facing activity (PIM task queue). */
export function createIdentifierPimActivities(deps: { pim: Pick<PimReader, 'getProductByIdentifier'> }) {
  return {
    /**
     * The uuid of the product the PIM has under `identifier` now; `null` when it answers 404. A product without a
     * uuid comes from an Akeneo before 7.0, whose REST API has none: fails for good, saying so, rather than
     * dropping the events as if the product did not exist.
     */
    resolveProductUuid: async (identifier: string): Promise<string | null> => {
      let product: Awaited<ReturnType<PimReader['getProductByIdentifier']>>;
      try {
        product = await deps.pim.getProductByIdentifier(identifier, Context.current().cancellationSignal);
      } catch (err) {
        throw toPimFailure(err);
      }
      if (!product) return null;
      if (typeof product.uuid === 'string') return product.uuid.toLowerCase();
      throw ApplicationFailure.create({
        type: FailureType.PIM_REJECTED,
        nonRetryable: true,
        message: `the PIM answered product ${JSON.stringify(identifier)} without a uuid: an Akeneo before 7.0, which akeneo-sync does not support (README: Events without uuid)`,
      });
    },
  };
}

/** The Temporal-facing activities (main task queue). */
export function createIdentifierSignalActivities(deps: { client: Client; taskQueue: string }) {
  const { client, taskQueue } = deps;
  return {
    /** The uuid of the running entity workflow whose product has `identifier`, the most recently started; `null` when none. */
    findSyncedProductUuid: async (identifier: string): Promise<string | null> => {
      const query = `${runningEntityWorkflows(taskQueue)} AND ${SearchAttr.PRODUCT_IDENTIFIER.name} = ${quoted(identifier)}`;
      for await (const execution of client.workflow.list({ query, pageSize: 10 })) {
        const uuid = execution.typedSearchAttributes.get(SearchAttr.PRODUCT_UUID);
        if (uuid) return uuid;
      }
      return null;
    },
    /** Signals each event to the entity workflow of product `uuid`. */
    forwardEvents: async (input: ForwardEventsInput): Promise<void> => {
      const ref = { kind: 'product' as const, id: input.uuid, identifier: input.identifier };
      for (const event of input.events) await signalEntity(client, taskQueue, { ...event, ref }, input.options);
    },
  };
}

/** The PIM-facing identifier activity, as workflows see it. */
export type IdentifierPimActivities = ReturnType<typeof createIdentifierPimActivities>;
/** The Temporal-facing identifier activities, as workflows see it. */
export type IdentifierSignalActivities = ReturnType<typeof createIdentifierSignalActivities>;
