/**
 * happy-dom's `Node.prototype.nodeName` getter returns '' for every node (capricorn86/happy-dom#2182). DOMPurify ≥ 3.4.8
 * reads names through that getter to resist clobbering, so under happy-dom it keeps what it should drop. Import this
 * module in any test that sanitises HTML; real browsers need nothing.
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
