// API docs: Swagger UI from the vendored bundle, on the app's own OpenAPI document.
(function () {
  "use strict";
  const box = document.getElementById("swagger-ui");
  if (box && typeof SwaggerUIBundle === "function") {
    window.ui = SwaggerUIBundle({ url: box.dataset.spec, dom_id: "#swagger-ui", deepLinking: true });
  }
})();
