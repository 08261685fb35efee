/** Names and input of the one-item structure workflow; imported by the API without workflow code. */
import { defineSignal } from '@temporalio/workflow';

/** Type name of the workflow a structure event starts. */
export const STRUCTURE_ITEM_WORKFLOW = 'structureItemWorkflow';

/** Signal: the item changed again (its sync runs once more after the one in progress). */
export const structureItemChangedSignal = defineSignal<[]>('structureItemChanged');

/** Input of `structureItemWorkflow`. */
export interface StructureItemInput {
  /** The item's key (`<kind>/<code>` or `<kind>/<parent>/<code>`, segments URL-encoded). */
  key: string;
}
