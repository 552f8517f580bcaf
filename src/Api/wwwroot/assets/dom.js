// Building page content from data, shared by the patient page and the console: every value goes in as text or as an
// attribute, never as HTML, so patient data cannot become markup.
"use strict";
window.Dom = (function () {
  // el("a", { href, class: "x" }, child, ...): null, undefined and false attributes are left out, true is a bare attribute.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v === true ? "" : v);
    }
    for (const child of children.flat()) if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    return node;
  }

  return { el };
})();
