// The timeline page: vis-timeline items from /api/timeline with the form's filters. Item content is
// built with textContent, never as HTML. Exposed as window.backchannelTimeline.
(function () {
  "use strict";
  const box = document.getElementById("timeline");
  const form = document.getElementById("timeline-filters");
  const status = document.getElementById("timeline-status");
  if (!box || !form || typeof vis === "undefined") return;

  const items = new vis.DataSet();
  const timeline = new vis.Timeline(box, items, { stack: true, maxHeight: 520, zoomMin: 1000 * 60 * 60 * 24 });
  window.backchannelTimeline = { timeline: timeline, items: items };

  function content(event) {
    const link = document.createElement("a");
    link.href = "/documents/" + encodeURIComponent(event.doc_id);
    const sources = (event.source || []).map(function (a) { return a.name; }).join(", ");
    const targets = (event.target || []).map(function (a) { return a.name; }).join(", ");
    link.textContent = event.type + ": " + (sources || "?") + " → " + (targets || "?");
    link.title = (event.trigger && event.trigger.text ? event.trigger.text + " — " : "") + (event.title || "");
    return link;
  }

  function load() {
    const params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) { if (value !== "") params.append(key, value); });
    box.dataset.loaded = "0";
    return fetch(box.dataset.api + "?" + params.toString(), { headers: { Accept: "application/json" } })
      .then(function (res) { return res.json().then(function (body) { return { ok: res.ok, body: body }; }); })
      .then(function (answer) {
        if (!answer.ok) { status.textContent = answer.body.error ? answer.body.error.message : "error"; return; }
        const events = answer.body.filter(function (e) { return e.when; });
        items.clear();
        items.add(events.map(function (e, i) {
          return { id: i, start: e.when, content: content(e), className: "ev-" + String(e.type).toLowerCase() };
        }));
        if (events.length) timeline.fit({ animation: false });
        status.textContent = events.length + " events";
        history.replaceState(null, "", "/timeline?" + params.toString());
      })
      .finally(function () { box.dataset.loaded = "1"; });
  }

  form.addEventListener("change", load);
  form.addEventListener("submit", function (event) { event.preventDefault(); load(); });
  load();
})();
