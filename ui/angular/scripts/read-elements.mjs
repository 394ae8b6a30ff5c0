// Reads the element list of @openrtk/ui (tag -> public element properties) from its built ESM
// bundle, in node, with the few DOM globals that defining Lit classes touches. Nothing is
// rendered: only the classes' static `properties` declarations are read.
export async function readElements() {
  const g = globalThis;
  const saved = { HTMLElement: g.HTMLElement, document: g.document, window: g.window, customElements: g.customElements };
  g.HTMLElement ??= class {};
  g.document ??= { createTreeWalker: () => ({}), createComment: () => ({}), createElement: () => ({}), createTextNode: () => ({}), importNode: () => ({}) };
  g.window ??= g;
  try {
    const ui = await import('@openrtk/ui');
    const out = {};
    for (const [tag, cls] of Object.entries(ui.elements)) {
      const props = {};
      for (let c = cls; c && c !== g.HTMLElement; c = Object.getPrototypeOf(c)) {
        if (!Object.prototype.hasOwnProperty.call(c, 'properties')) continue;
        for (const [k, v] of Object.entries(c.properties)) if (!(k in props)) props[k] = v;
      }
      out[tag] = Object.entries(props).filter(([k, v]) => !v.state && !k.startsWith('_')).map(([k]) => k);
    }
    return out;
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete g[k]; else g[k] = v;
  }
}
