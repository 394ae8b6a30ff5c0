// Just enough DOM for importing @openrtk/ui's built bundle in node (classes are defined, nothing
// renders): lets the tests read the element list the wrappers are made from.
const g = globalThis;
g.HTMLElement ??= class {};
g.document ??= { createTreeWalker: () => ({}), createComment: () => ({}), createElement: () => ({}), createTextNode: () => ({}), importNode: () => ({}) };
g.window ??= g;
