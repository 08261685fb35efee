/**
 * Whether the PIM can search product models by code. The `identifier` filter on product models is documented
 * (https://api.akeneo.com/documentation/filter.html, "Filter on product model properties": IN, NOT IN), but
 * older PIMs answer 400 or 422 to it; then product models are read one GET each for the rest of the process.
 */
export class ModelSearchSupport {
  private works = true;

  /** `onUnsupported` is told once, when the PIM first refuses the filter (e.g. to log it). */
  constructor(private readonly onUnsupported?: (refusal: Error) => void) {}

  /** False once the PIM has refused the filter. */
  get supported(): boolean {
    return this.works;
  }

  /** Records that the PIM refused the filter with `refusal`. */
  refused(refusal: Error): void {
    if (!this.works) return;
    this.works = false;
    this.onUnsupported?.(refusal);
  }
}
