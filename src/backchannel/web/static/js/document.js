// The document view: layer toggles, and a panel explaining the spans under the pointer or the click.
// Notes are server-rendered (escaped) and hidden; this script only clones them, so article text is
// never parsed as HTML here.
(function () {
  "use strict";
  const text = document.getElementById("text");
  const panel = document.getElementById("panel");
  if (!text || !panel) return;
  const LAYER_OF = { a: "actor", q: "quote", c: "claim", e: "event" };

  function visibleRefs(seg) {
    return (seg.dataset.refs || "").split(" ").filter(function (ref) {
      const layer = LAYER_OF[ref.charAt(0)];
      return ref && !(layer && text.classList.contains("no-" + layer));
    });
  }

  function segmentsOf(ref) {
    return text.querySelectorAll('.seg[data-refs~="' + CSS.escape(ref) + '"]');
  }

  function setClass(name, refs) {
    text.querySelectorAll("." + name).forEach(function (el) { el.classList.remove(name); });
    refs.forEach(function (ref) { segmentsOf(ref).forEach(function (el) { el.classList.add(name); }); });
  }

  function explain(refs) {
    const notes = refs.map(function (ref) { return document.getElementById("note-" + ref); })
      .filter(Boolean)
      .map(function (note) {
        const copy = note.cloneNode(true);
        copy.removeAttribute("id");
        return copy;
      });
    if (notes.length) panel.replaceChildren.apply(panel, notes);
  }

  text.addEventListener("click", function (event) {
    const seg = event.target.closest(".seg");
    if (!seg) return;
    const refs = visibleRefs(seg);
    setClass("selected", refs.slice(0, 1));
    explain(refs);
  });
  text.addEventListener("mouseover", function (event) {
    const seg = event.target.closest(".seg");
    setClass("hot", seg ? visibleRefs(seg).slice(0, 1) : []);
  });
  text.addEventListener("mouseleave", function () { setClass("hot", []); });

  document.querySelectorAll(".layer-toggle").forEach(function (box) {
    box.addEventListener("change", function () {
      text.classList.toggle("no-" + box.value, !box.checked);
    });
  });
})();
