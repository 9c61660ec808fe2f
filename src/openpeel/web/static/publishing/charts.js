// Draws each report chart from the Vega-Lite spec in its JSON data block. The Content Security Policy
// forbids eval, so Vega evaluates expressions with its interpreter (ast: true) rather than generated code,
// and vega-embed adds no stylesheet of its own (defaultStyle: false) and no actions menu.
"use strict";
document.querySelectorAll("[data-vega-spec]").forEach(function (el) {
  var spec = JSON.parse(document.getElementById(el.getAttribute("data-vega-spec")).textContent);
  vegaEmbed(el, spec, {
    ast: true,
    expr: vegaInterpreter.expressionInterpreter,
    actions: false,
    defaultStyle: false,
    tooltip: false,
    renderer: "svg",
  }).catch(function (error) {
    el.textContent = "The chart could not be drawn; its data is in the table below.";
    console.error(error);
  });
});
