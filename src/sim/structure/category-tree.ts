/**
 * The category trees' order. Akeneo stores categories as nested sets and lists them "sorted by `root/left`"
 * (akeneo/pim-api-docs content/swagger/resources/categories/routes/categories.yaml; `['root' => 'ASC',
 * 'left' => 'ASC']` in akeneo/pim-community-dev src/Akeneo/Category/back/Infrastructure/Controller/ExternalApi/
 * ListCategoriesController.php): trees in creation order, each tree depth first, children in their position
 * order. A new or moved category becomes the last child of its parent.
 */
export class CategoryTree {
  private readonly roots: string[] = [];
  private readonly children = new Map<string, string[]>();
  private readonly parents = new Map<string, string | null>();
  private cache: { order: string[]; position: Map<string, number> } | undefined;

  /** Places `code` as the last child of `parent` (null: a new tree), or moves it there. */
  place(code: string, parent: string | null): void {
    if (this.parents.has(code)) {
      if (this.parents.get(code) === parent) return;
      this.detach(code);
    }
    this.parents.set(code, parent);
    if (parent === null) this.roots.push(code);
    else {
      const siblings = this.children.get(parent);
      if (siblings) siblings.push(code);
      else this.children.set(parent, [code]);
    }
    this.cache = undefined;
  }

  /** Removes `code` and its descendants; returns them, `code` first. */
  remove(code: string): string[] {
    if (!this.parents.has(code)) return [];
    const removed = this.subtree(code);
    this.detach(code);
    for (const c of removed) {
      this.parents.delete(c);
      this.children.delete(c);
    }
    this.cache = undefined;
    return removed;
  }

  /** `code` and every category below it, depth first. */
  subtree(code: string): string[] {
    const out: string[] = [];
    const walk = (c: string): void => {
      out.push(c);
      for (const child of this.children.get(c) ?? []) walk(child);
    };
    if (this.parents.has(code)) walk(code);
    return out;
  }

  /** Whether `ancestor` is `code` or above it. */
  isWithin(code: string, ancestor: string): boolean {
    for (let c: string | null | undefined = code; c !== null && c !== undefined; c = this.parents.get(c)) {
      if (c === ancestor) return true;
    }
    return false;
  }

  /** Every category in `root/left` order (do not mutate). */
  get order(): readonly string[] {
    return this.computed().order;
  }

  /** Position of `code` among its siblings, from 1 (the `with_position` field). */
  position(code: string): number | undefined {
    return this.computed().position.get(code);
  }

  private computed(): { order: string[]; position: Map<string, number> } {
    if (this.cache) return this.cache;
    const order: string[] = [];
    const position = new Map<string, number>();
    const stack: string[] = [...this.roots].reverse();
    this.roots.forEach((r, i) => position.set(r, i + 1));
    while (stack.length > 0) {
      const code = stack.pop()!;
      order.push(code);
      const kids = this.children.get(code) ?? [];
      kids.forEach((k, i) => position.set(k, i + 1));
      for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
    }
    this.cache = { order, position };
    return this.cache;
  }

  private detach(code: string): void {
    const parent = this.parents.get(code);
    if (parent === null) this.roots.splice(this.roots.indexOf(code), 1);
    else if (parent !== undefined) this.children.set(parent, (this.children.get(parent) ?? []).filter((c) => c !== code));
  }
}
