/** Reads a structure catalogue's change log for the Event Platform: new changes of kinds that have events, as templates. */
import { structureEventType } from '../event-platform-structure';
import type { StructureCatalog } from '../structure/catalogue';
import type { StructureEventTemplate } from './platform-events';

/** A cursor on one structure catalogue's change log. */
export class StructureFeed {
  private cursor: number;

  /** Changes up to `fromSeq` (default: all those logged now) are history: they give no events. */
  constructor(
    private readonly structure: StructureCatalog,
    fromSeq: number = structure.lastSeq,
  ) {
    this.cursor = fromSeq;
  }

  /** The events of the changes logged since the last call, oldest first. */
  pull(): StructureEventTemplate[] {
    const changes = this.structure.changes(this.cursor);
    this.cursor = this.structure.lastSeq;
    return changes.flatMap((change) => {
      const type = structureEventType(change);
      return type ? [{ type, structure: change }] : [];
    });
  }
}
