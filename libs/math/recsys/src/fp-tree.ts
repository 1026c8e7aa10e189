import { copyInt32 } from './transactions';

/** The arrays of a built tree, for mining only (no more insertion); on SharedArrayBuffers they are shared by threads. */
export interface FrozenFpTree {
  nodes: number;
  numItems: number;
  branched: boolean;
  parent: Int32Array;
  item: Int32Array;
  count: Int32Array;
  nodeLink: Int32Array;
  head: Int32Array;
  itemCount: Int32Array;
  toItem: Int32Array;
}

/**
 * FP-tree in flat typed arrays. Node 0 is the root; node v has parent[v], item[v] (local item id),
 * count[v] and nodeLink[v] (next node with the same item, -1 ends the list). Children are found through
 * an open-addressing hash table keyed by (parent, item), so insertion is O(1) per item even at wide nodes.
 *
 * Local item ids are ranks: 0 is the most frequent item of this tree, and every inserted path must be
 * ascending in local id, so a node's ancestors always have smaller ids than the node itself.
 * Trees are reused (reset) across conditional projections, so mining allocates per tree depth, not per node.
 */
export class FpTree {
  parent: Int32Array = new Int32Array(0);
  item: Int32Array = new Int32Array(0);
  count: Int32Array = new Int32Array(0);
  nodeLink: Int32Array = new Int32Array(0);
  private hasChild = new Uint8Array(0);
  private table = new Int32Array(0);
  private mask = 0;
  /** slotOf[v]: the table slot of node v, so that reset clears only the slots in use (not the whole table). */
  private slotOf = new Int32Array(0);

  /** Number of nodes including the root. */
  nodes = 1;
  /** True once some node has two children; false means the tree is one chain 0-1-2-…-(nodes-1). */
  branched = false;
  numItems = 0;
  /** head[x]: first node of item x's node-link list, or -1. */
  head: Int32Array = new Int32Array(0);
  /** itemCount[x]: total count of item x in the tree (its support in this projection). */
  itemCount: Int32Array = new Int32Array(0);
  /** toItem[x]: the original item id of local item x. */
  toItem: Int32Array = new Int32Array(0);

  /** Copies of the arrays in use (on SharedArrayBuffers when `shared`), for mining elsewhere. */
  freeze(shared: boolean): FrozenFpTree {
    const copy = (a: Int32Array, len: number) => copyInt32(a, len, shared);
    const { nodes, numItems } = this;
    return {
      nodes, numItems, branched: this.branched,
      parent: copy(this.parent, nodes), item: copy(this.item, nodes), count: copy(this.count, nodes), nodeLink: copy(this.nodeLink, nodes),
      head: copy(this.head, numItems), itemCount: copy(this.itemCount, numItems), toItem: copy(this.toItem, numItems),
    };
  }

  /** A tree over frozen arrays (not copied): it can be mined, not reset or inserted into. */
  static thaw(f: FrozenFpTree): FpTree {
    const t = new FpTree();
    t.nodes = f.nodes;
    t.numItems = f.numItems;
    t.branched = f.branched;
    t.parent = f.parent;
    t.item = f.item;
    t.count = f.count;
    t.nodeLink = f.nodeLink;
    t.head = f.head;
    t.itemCount = f.itemCount;
    t.toItem = f.toItem;
    return t;
  }

  /**
   * Empties the tree for `numItems` local items and at most `maxNodes` nodes (root included). Growth is
   * in separate methods: a call taken rarely is not inlined, so this stays small for the JIT.
   */
  reset(numItems: number, maxNodes: number): void {
    this.numItems = numItems;
    if (this.head.length < numItems) this.growItems(numItems);
    // plain loops: most projections are small, where a fill() call costs more than the writes
    const head = this.head;
    const itemCount = this.itemCount;
    for (let x = 0; x < numItems; x++) {
      head[x] = -1;
      itemCount[x] = 0;
    }
    if (this.parent.length < maxNodes) this.ensureNodes(maxNodes);
    // Empty the slots of the previous tree (O(its nodes), not O(table)); maxNodes is an upper bound
    // (path lengths), often far above the node count of a well-compressed conditional tree.
    const table = this.table;
    const slotOf = this.slotOf;
    for (let v = 1; v < this.nodes; v++) table[slotOf[v]] = -1;
    let size = 16;
    while (size < 2 * maxNodes) size *= 2;
    if (table.length < size) this.growTable(size);
    this.mask = size - 1;
    this.nodes = 1;
    this.branched = false;
    this.parent[0] = -1;
    this.item[0] = -1;
    this.count[0] = 0;
    this.hasChild[0] = 0;
  }

  private growItems(numItems: number): void {
    const cap = Math.max(numItems, this.head.length * 2);
    this.head = new Int32Array(cap);
    this.itemCount = new Int32Array(cap);
    this.toItem = new Int32Array(cap);
  }

  /** An empty table (all -1) of `size` slots. */
  private growTable(size: number): void {
    this.table = new Int32Array(size).fill(-1);
  }

  /**
   * Adds the path path[from..to) of local items (strictly ascending) with multiplicity cnt.
   * (The argument check also keeps this method above V8's inlining limit of 460 bytecode bytes: it is
   * compiled once rather than again inside each caller, the projection and the top tree's build — a tenth
   * less JIT compilation in a cold run, for one call per path.)
   */
  insert(path: Int32Array, from: number, to: number, cnt: number): void {
    if (to - from > this.numItems || cnt <= 0) throw new RangeError(`FpTree.insert: path of ${to - from} items (tree of ${this.numItems}) with count ${cnt}`);
    let node = 0;
    for (let j = from; j < to; j++) {
      const x = path[j];
      // linear probing written so that the step runs on every lookup: a probe loop first entered late
      // (tables start empty) would send the optimized code back to the interpreter for lack of feedback
      let h = (slot(node, x) - 1) & this.mask;
      let child: number;
      do {
        h = (h + 1) & this.mask;
        child = this.table[h];
      } while (child !== -1 && (this.parent[child] !== node || this.item[child] !== x));
      if (child === -1) {
        if (this.nodes === this.parent.length) this.ensureNodes(this.nodes * 2);
        if (2 * (this.nodes + 1) > this.mask + 1) {
          this.rehash();
          h = slot(node, x) & this.mask;
          while (this.table[h] !== -1) h = (h + 1) & this.mask;
        }
        child = this.nodes++;
        this.parent[child] = node;
        this.item[child] = x;
        this.count[child] = 0;
        this.hasChild[child] = 0;
        this.nodeLink[child] = this.head[x];
        this.head[x] = child;
        this.table[h] = child;
        this.slotOf[child] = h;
        if (this.hasChild[node]) this.branched = true;
        this.hasChild[node] = 1;
      }
      this.count[child] += cnt;
      this.itemCount[x] += cnt;
      node = child;
    }
  }

  /** Node arrays for at least n nodes, grown geometrically (pool trees are reset to many sizes). */
  private ensureNodes(n: number): void {
    if (this.parent.length >= n) return;
    n = Math.max(n, 2 * this.parent.length);
    this.parent = grown(this.parent, n);
    this.item = grown(this.item, n);
    this.count = grown(this.count, n);
    this.nodeLink = grown(this.nodeLink, n);
    this.slotOf = grown(this.slotOf, n);
    const hasChild = new Uint8Array(n);
    hasChild.set(this.hasChild);
    this.hasChild = hasChild;
  }

  /** Only reached when maxNodes underestimated the tree; doubles the table and reinserts. */
  private rehash(): void {
    const size = (this.mask + 1) * 2;
    if (this.table.length < size) this.table = new Int32Array(size);
    this.mask = size - 1;
    this.table.fill(-1, 0, size);
    for (let v = 1; v < this.nodes; v++) {
      let h = slot(this.parent[v], this.item[v]) & this.mask;
      while (this.table[h] !== -1) h = (h + 1) & this.mask;
      this.table[h] = v;
      this.slotOf[v] = h;
    }
  }
}

/** A copy of a, zero-extended to length n. */
function grown(a: Int32Array, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

function slot(parent: number, item: number): number {
  let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(item + 1, 0x85ebca77);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d);
}
