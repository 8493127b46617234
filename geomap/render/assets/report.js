/* geomap report script (part of geomap, MIT): place names and table links open their marker. */
(function () {
  "use strict";
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("[data-gm-key]") : null;
    if (!a || !window.GeoMap) { return; }
    var id = a.getAttribute("data-gm-map"), key = a.getAttribute("data-gm-key");
    var box = document.getElementById(id);
    if (!box || !window.GeoMap.focus(id, key)) { return; }
    ev.preventDefault();
    if (box.scrollIntoView) { box.scrollIntoView({block: "center"}); }
  });
}());
