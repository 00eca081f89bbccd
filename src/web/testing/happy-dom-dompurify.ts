/**
 * Makes happy-dom behave like a browser where DOMPurify looks, so tests of sanitised HTML mean something.
 * setup-tests.ts imports it for every web test; real browsers need none of this.
 *
 * 1. `Node.prototype.nodeName` returns '' for every node (capricorn86/happy-dom#2182); DOMPurify ≥ 3.4.8 reads
 *    names through that getter to resist clobbering, so it misjudges every element.
 * 2. happy-dom's NodeIterator is a TreeWalker that stops when its current node is removed; DOMPurify removes
 *    nodes while iterating, so everything after the first removal went unsanitised (happy-dom#1810).
 */
const names: Record<number, (node: Node) => string> = {
  [Node.ELEMENT_NODE]: (node) => (node as Element).tagName,
  [Node.TEXT_NODE]: () => '#text',
  [Node.CDATA_SECTION_NODE]: () => '#cdata-section',
  [Node.COMMENT_NODE]: () => '#comment',
  [Node.DOCUMENT_NODE]: () => '#document',
  [Node.DOCUMENT_TYPE_NODE]: (node) => (node as DocumentType).name,
  [Node.DOCUMENT_FRAGMENT_NODE]: () => '#document-fragment',
};

Object.defineProperty(Node.prototype, 'nodeName', {
  configurable: true,
  get(this: Node) {
    return names[this.nodeType]?.(this) ?? '';
  },
});

/** Enough of the DOM's NodeIterator for DOMPurify: document order, and survives removal of its current node. */
class RemovalSafeNodeIterator {
  readonly root: Node;
  readonly whatToShow: number;
  readonly filter: NodeFilter | null;
  #reference: Node | null = null;
  /** The node before the current one, where iteration resumes if the current one is removed. */
  #before: Node | null = null;

  constructor(root: Node, whatToShow = 0xffffffff, filter: NodeFilter | null = null) {
    this.root = root;
    this.whatToShow = whatToShow;
    this.filter = filter;
  }

  #accepts(node: Node) {
    if (!(this.whatToShow & (1 << (node.nodeType - 1)))) return false;
    if (!this.filter) return true;
    const verdict =
      typeof this.filter === 'function' ? this.filter(node) : this.filter.acceptNode(node);
    return verdict === NodeFilter.FILTER_ACCEPT;
  }

  #following(node: Node): Node | null {
    if (node.firstChild) return node.firstChild;
    for (
      let current: Node | null = node;
      current && current !== this.root;
      current = current.parentNode
    ) {
      if (current.nextSibling) return current.nextSibling;
    }
    return null;
  }

  #preceding(node: Node): Node | null {
    if (node === this.root) return null;
    let current = node.previousSibling;
    if (!current) return node.parentNode;
    while (current.lastChild) current = current.lastChild;
    return current;
  }

  nextNode(): Node | null {
    let node: Node | null;
    if (!this.#reference) node = this.root;
    else if (this.root.contains(this.#reference)) node = this.#following(this.#reference);
    else
      node =
        this.#before && this.root.contains(this.#before) ? this.#following(this.#before) : null;
    for (; node; node = this.#following(node)) {
      if (this.#accepts(node)) {
        this.#reference = node;
        this.#before = this.#preceding(node);
        return node;
      }
    }
    return null;
  }

  previousNode(): Node | null {
    throw new Error('previousNode is not needed by DOMPurify');
  }

  detach() {}
}

// The method lives on happy-dom's base Document class, which the global `Document` only extends.
let owner: object | null = document;
while (owner && !Object.prototype.hasOwnProperty.call(owner, 'createNodeIterator')) {
  owner = Object.getPrototypeOf(owner) as object | null;
}
if (!owner) throw new Error('No createNodeIterator to replace');
Object.defineProperty(owner, 'createNodeIterator', {
  configurable: true,
  writable: true,
  value: function createNodeIterator(root: Node, whatToShow?: number, filter?: NodeFilter | null) {
    return new RemovalSafeNodeIterator(root, whatToShow, filter);
  },
});
